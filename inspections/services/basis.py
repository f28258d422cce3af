"""The office's register of 定性依据: the clauses findings are judged under."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from config.statemachine import locked, save_versioned
from deadlines import clock

from ..actions import BASIS_ACTIONS
from ..models import BasisClause


def _tidy(text):
    return " ".join(text.split())


def basis_clause_save(*, by, source, article, excerpt, clause=None, expected_version=None):
    BASIS_ACTIONS.ensure_can(by, "edit" if clause else "create", clause)
    # 《》 belong to the display, not to the title: "《条例》" and "条例" are one regulation.
    source = _tidy(source).strip("《》 ")
    article = _tidy(article)
    with transaction.atomic():
        clause = BasisClause() if clause is None else locked(clause)
        duplicate = _("《%(source)s》%(article)s is already in the register.") % {
            "source": source, "article": article}
        same = BasisClause.objects.filter(source=source, article=article).exclude(pk=clause.pk)
        if same.exists():
            raise ValidationError({"article": duplicate}, code="duplicate")
        clause.source, clause.article, clause.excerpt = source, article, excerpt.strip()
        try:
            with transaction.atomic():
                return save_versioned(clause, by=by, reason="edit" if clause.pk else "create",
                                      expected_version=expected_version)
        except IntegrityError:  # the same clause added by someone else a moment ago
            raise ValidationError({"article": duplicate}, code="duplicate") from None


def basis_clause_retire(*, clause, by, reason, expected_version):
    BASIS_ACTIONS.ensure_can(by, "retire", clause)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the clause is retired (e.g. repealed by "
                                           "the 2024 revision).")}, code="required")
    with transaction.atomic():
        clause = locked(clause)
        clause.retired_at, clause.retire_reason = clock.now(), reason.strip()[:200]
        return save_versioned(clause, by=by, reason="retire", expected_version=expected_version)


def basis_clause_restore(*, clause, by, expected_version):
    BASIS_ACTIONS.ensure_can(by, "restore", clause)
    with transaction.atomic():
        clause = locked(clause)
        clause.retired_at, clause.retire_reason = None, ""
        return save_versioned(clause, by=by, reason="restore", expected_version=expected_version)

"""成功经验和先进典型 (Art 25): recommended by the team, adopted or declined by the office."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from config.statemachine import locked, transition
from deadlines import clock
from deadlines.recipients import office_ids
from deadlines.services import notify

from ..actions import INSPECTION_ACTIONS, PRACTICE_ACTIONS
from ..models import GoodPractice

GP = GoodPractice.Status
PRACTICE_TRANSITIONS = {
    (GP.RECOMMENDED, "adopt"): GP.ADOPTED,
    (GP.RECOMMENDED, "decline"): GP.DECLINED,
}


def practice_recommend(*, inspection, by, kind, area, title, description, source_finding=None):
    INSPECTION_ACTIONS.ensure_can(by, "recommend_practice", inspection)
    if source_finding is not None and source_finding.inspection_id != inspection.pk:
        raise ValidationError({"source_finding": _("Choose a finding of this inspection.")},
                              code="other_inspection")
    with transaction.atomic():
        practice = GoodPractice(inspection=inspection, kind=kind, area=area, title=title.strip(),
                                description=description.strip(), source_finding=source_finding,
                                recommended_by=by, recommended_at=clock.now())
        practice._history_user, practice._change_reason = by, "recommend_practice"
        practice.full_clean()
        practice.save()
        notify(users=office_ids(), about=inspection, url=practice.get_absolute_url(),
               title=_("good practice recommended: %(title)s") % {"title": title[:60]},
               awaits=(PRACTICE_ACTIONS, "adopt", practice), dated=False)
    return practice


@transaction.atomic
def practice_decide(*, practice, by, action, note, expected_version):
    """The office adopts the practice into the register, or declines it and says why."""
    PRACTICE_ACTIONS.ensure_can(by, action, practice)
    if action == "decline" and not note.strip():
        raise ValidationError({"note": _("Say why it is not adopted: the team reads it.")},
                              code="required")
    practice = locked(practice)
    practice.office_note = note.strip()
    transition(practice, action, PRACTICE_TRANSITIONS, by=by,
               expected_version=expected_version, reason=action)
    done = _("adopted into the register") if action == "adopt" else _("not adopted")
    notify(users=[practice.recommended_by_id], about=practice.inspection,
           url=practice.get_absolute_url(),
           title=_("good practice “%(title)s”: %(decision)s")
           % {"title": practice.title[:40], "decision": done})
    return practice

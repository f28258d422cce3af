"""History as people read it: who did what, named in their language, and which fields changed
from what to what ("状态：草稿 → 已提交").

Services store a language-neutral reason code (an action name from the app's actions table,
or one of the codes below) so that history reads right in either language; this module turns
it into words when a page draws it."""

from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .actions import REGISTRY

REASONS = {
    "create": _("Created"), "save": _("Saved"), "update": _("Updated"), "edit": _("Edited"),
    "add": _("Added"), "remove": _("Removed"), "delete": _("Deleted"),
    "submit": _("Submitted"), "approve": _("Approved"), "return": _("Returned"),
    "complete": _("Completed"), "start": _("Started"), "reopen": _("Reopened"),
    "authorise": _("Authorised"), "disband": _("Disbanded"),
    "declare": _("Recusal declaration made"), "sign pledge": _("Integrity pledge signed"),
    "meet": _("Met"), "waive": _("Waived"), "enter": _("Team entered the unit"),
    "issue_notice": _("Notice issued"), "end_onsite": _("On-site work ended"),
    "submit_report": _("Report submitted"), "sign_deputy": _("Signed by the deputy leader"),
    "sign_leader": _("Signed by the team leader"),
    "calendar override": _("Recomputed after a calendar change"),
    "sweep: overdue": _("Marked overdue by the reminder sweep"),
    "edited after sign-off": _("Edited after sign-off: back to draft"),
    "round completed": _("Round completed"), "recusal after approval": _("Reopened: recusal"),
    "first fieldwork record": _("Team entered the unit"),
    "first interview": _("Team entered the unit"),
    "review comment": _("Reviewer's comment"),
    "items changed": _("Rectification items changed"),
    "not_transfer": _("Not transferred"), "recompute": _("Due date recomputed"),
    "miss": _("Marked overdue"),
    "hear": _("Heard by the leadership group"), "give_feedback": _("Feedback given"),
    "second factor reset": _("Second factor reset"),
    "rectification closed": _("Rectification closed"),
    "feedback signed for": _("Feedback signed for"),
    "enabled": _("Account enabled"), "archive": _("Archived"),
    "activation issued": _("Activation link issued"),
}
PREFIXES = [
    ("province approval ", _("Provincial approval")), ("first notice ", _("First notice")),
    ("remove: ", _("Removed")), ("member left: ", _("Member left")),
    ("on-site end ", _("On-site work ended")), ("assign ", _("Assigned")),
    ("add ", _("Added")), ("disabled: ", _("Account disabled")),
]
KIND = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
# Bookkeeping columns nobody acts on.
SKIPPED = {"id", "version", "created_at", "updated_at", "modified_at"}


def _action_label(reason, model=None):
    """The label of the action named `reason` in the table of `model`, or in any table when
    no model is given (several tables reuse names such as "return")."""
    for table in REGISTRY:
        action = table.actions.get(reason)
        if action is not None and (model is None or issubclass(model, table.model)):
            return action.label
    return None


def reason_label(reason, model=None):
    if not reason:
        return ""
    if "|" in reason:
        action, detail = reason.split("|", 1)
        label, detail_label = reason_label(action, model), reason_label(detail, model)
        return label if str(detail_label) == str(label) else f"{label}：{detail_label}"
    if model is not None and (label := _action_label(reason, model)):
        return label
    if reason in REASONS:
        return REASONS[reason]
    if label := _action_label(reason):
        return label
    for prefix, label in PREFIXES:
        if reason.startswith(prefix):
            return f"{label}：{reason[len(prefix):]}"
    return reason


@dataclass
class Change:
    label: str
    old: str = ""
    new: str = ""
    values_shown: bool = True


@dataclass
class HistoryRow:
    date: object
    user: object
    kind: str
    reason: str
    changes: list = field(default_factory=list)


def _shown(model_field, value):
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(model_field, models.DateTimeField):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(model_field, models.DateField):
        return value.isoformat()
    return str(value)


def _fields(model):
    """Fields people recognise: those with a name given in the model. The unnamed ones (who
    approved and when, a file's hash) are recorded by the action itself: its row names them."""
    return [f for f in model._meta.concrete_fields
            if f.name not in SKIPPED and not f.name.startswith("history_")
            and (isinstance(f.verbose_name, Promise)
                 or f.verbose_name != f.name.replace("_", " "))]


def _changes(fields, newer, older):
    """Long texts are confidential or too long to repeat, so a change to them (and to links and
    files) is named without its values."""
    changes = []
    for f in fields:
        before, after = getattr(older, f.attname), getattr(newer, f.attname)
        if before == after:
            continue
        label = str(f.verbose_name)
        # Lists of codes (JSON) read only through their form's choices: named, not shown raw.
        if isinstance(f, (models.TextField, models.ForeignKey, models.FileField,
                          models.JSONField)) or not f.editable:
            changes.append(Change(label, values_shown=False))
        else:
            changes.append(Change(label, _shown(f, before), _shown(f, after)))
    return changes


def history_rows(obj, limit=30):
    """The newest `limit` history rows of `obj`, each with its changes against the row before:
    one query (the extra row fetched gives the oldest shown row its predecessor)."""
    records = list(obj.history.select_related("history_user").order_by(
        "-history_date", "-history_id")[:limit + 1])
    model = type(obj)
    kept = {f.attname for f in obj.history.model._meta.concrete_fields}
    fields = [f for f in _fields(model) if f.attname in kept]
    rows = []
    for index, record in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = _changes(fields, record, older) if older and record.history_type == "~" else []
        rows.append(HistoryRow(
            date=record.history_date, user=record.history_user,
            kind=KIND.get(record.history_type, ""),
            reason=reason_label(record.history_change_reason, model), changes=changes))
    return rows

"""Shows the reason codes services store in history (`_change_reason`) in the user's language.

Free-text reasons (a reviewer's comment, a meeting name) are shown as typed.
"""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

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
}
PREFIXES = [
    ("province approval ", _("Provincial approval")), ("first notice ", _("First notice")),
    ("remove: ", _("Removed")), ("member left: ", _("Member left")),
    ("on-site end ", _("On-site work ended")), ("assign ", _("Assigned")),
    ("add ", _("Added")),
]


@register.filter
def history_reason(reason):
    if not reason:
        return ""
    if reason in REASONS:
        return REASONS[reason]
    for prefix, label in PREFIXES:
        if reason.startswith(prefix):
            return f"{label}：{reason[len(prefix):]}"
    return reason

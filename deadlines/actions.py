"""Who may waive a deadline and change the working-day calendar."""

from django.utils.translation import gettext_lazy as _

from config.actions import Action, ActionTable

from . import access
from .models import Deadline, HolidayOverride

OFFICE = _("the inspection office")

DEADLINE_ACTIONS = ActionTable(Deadline, [
    Action("waive", _("Waive"), who=access.can_waive, who_text=OFFICE,
           from_states={Deadline.Status.OPEN, Deadline.Status.MISSED},
           irreversible=_("Waive this deadline? No more reminders are sent for it."),
           done=_("Deadline waived.")),
], visible=access.deadlines_visible_to)

CALENDAR_ACTIONS = ActionTable(HolidayOverride, [
    Action("create", _("Add a calendar day"), who=access.can_manage_calendar, who_text=OFFICE,
           done=_("Calendar saved; open deadlines around the day were recomputed.")),
    Action("edit", _("Edit"), who=access.can_manage_calendar, who_text=OFFICE,
           done=_("Calendar saved; open deadlines around the day were recomputed.")),
    Action("delete", _("Remove"), who=access.can_manage_calendar, who_text=OFFICE,
           irreversible=_("Remove this calendar day? Open deadlines around it are recomputed."),
           done=_("Override removed; open deadlines around it were recomputed.")),
], visible=access.overrides_visible_to)

"""Query filters of the list endpoints (django-filter): unit, round, status, dates, overdue."""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from clues.models import Clue
from deadlines import clock
from deadlines.models import Deadline
from inspections.models import Announcement, Finding, Inspection, Notice, Round
from rectification.models import RectificationItem, RectificationPlan
from teams.models import TalentPoolEntry

from .serializers import DONE

# The largest id a row can have (BigAutoField): a number past it is bad input (400), never a
# query the database cannot run.
MAX_ID = 2**63 - 1


class IntegerFilter(filters.NumberFilter):
    # NumberFilter reads decimals: "1.7" would silently match 1.
    field_class = forms.IntegerField


def IdFilter(field_name, label):  # noqa: N802  (reads as the filter class it returns)
    return IntegerFilter(field_name=field_name, label=label, min_value=1, max_value=MAX_ID)


def YearFilter(field_name="year"):  # noqa: N802
    return IntegerFilter(field_name=field_name, label=_("year"), min_value=2000,
                         max_value=2100)


class TalentFilter(filters.FilterSet):
    class Meta:
        model = TalentPoolEntry
        fields = ["availability"]


class UnitFilter(filters.FilterSet):
    class Meta:
        model = OrgUnit
        fields = ["kind", "is_active"]


class RoundFilter(filters.FilterSet):
    year = YearFilter()

    class Meta:
        model = Round
        fields = ["year", "status"]


class ByInspection(filters.FilterSet):
    inspection = IdFilter("inspection", _("inspection id"))


class PlanFilter(ByInspection):
    class Meta:
        model = RectificationPlan
        fields = ["inspection", "status"]


class ClueFilter(ByInspection):
    class Meta:
        model = Clue
        fields = ["inspection", "status"]


class AnnouncementFilter(ByInspection):
    unit = IdFilter("inspection__target_unit", _("unit id"))

    class Meta:
        model = Announcement
        fields = ["inspection", "unit"]


class NoticeFilter(ByInspection):
    class Meta:
        model = Notice
        fields = ["inspection"]


class InspectionFilter(filters.FilterSet):
    round = IdFilter("round", _("round id"))
    unit = IdFilter("target_unit", _("unit id"))
    year = YearFilter("round__year")

    class Meta:
        model = Inspection
        fields = ["round", "unit", "status", "year"]


class FindingFilter(filters.FilterSet):
    inspection = IdFilter("inspection", _("inspection id"))
    unit = IdFilter("inspection__target_unit", _("unit id"))
    round = IdFilter("inspection__round", _("round id"))

    class Meta:
        model = Finding
        fields = ["inspection", "unit", "round", "content_area", "severity"]


class DueWindow(filters.FilterSet):
    """Items and deadlines both answer to a window of due dates."""

    due_after = filters.DateFilter(field_name="due_on", lookup_expr="gte",
                                   label=_("due on or after"))
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte",
                                    label=_("due on or before"))


class ItemFilter(DueWindow):
    unit = IdFilter("plan__inspection__target_unit", _("unit id"))
    round = IdFilter("plan__inspection__round", _("round id"))
    inspection = IdFilter("plan__inspection", _("inspection id"))
    status = filters.MultipleChoiceFilter(choices=RectificationItem.Status.choices)
    overdue = filters.BooleanFilter(method="filter_overdue", label=_("past its due date"))

    class Meta:
        model = RectificationItem
        fields = ["unit", "round", "inspection", "status", "due_after", "due_before", "overdue"]

    def filter_overdue(self, items, name, value):
        late = {"due_on__lt": clock.today()}
        return items.filter(**late).exclude(status__in=DONE) if value else \
            items.exclude(**late, status__in=set(RectificationItem.Status) - DONE)


class DeadlineFilter(DueWindow):
    unit = IdFilter("unit", _("unit id"))
    inspection = IdFilter("inspection", _("inspection id"))
    status = filters.MultipleChoiceFilter(choices=Deadline.Status.choices)
    overdue = filters.BooleanFilter(method="filter_overdue", label=_("pending past its date"))

    class Meta:
        model = Deadline
        fields = ["kind", "status", "unit", "inspection", "due_after", "due_before", "overdue"]

    def filter_overdue(self, deadlines, name, value):
        late = deadlines.pending().filter(due_on__lt=clock.today())
        return late if value else deadlines.exclude(pk__in=late.values("pk"))

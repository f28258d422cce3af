"""What the interface returns: the fields a role's pages show, codes beside their labels."""

from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import OrgUnit
from clues.models import Clue, Result, ResultPerson
from deadlines import calendar, clock
from deadlines.models import Deadline, HolidayOverride
from inspections.models import Announcement, Finding, Inspection, Notice, Round
from rectification.models import Evidence, RectificationItem, RectificationPlan
from teams.models import TalentPoolEntry

from .models import ApiToken


def label_of(field):
    """`<field>_label`: the choice's label in the request's language beside its code."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


class UnitSerializer(serializers.ModelSerializer):
    kind_label = label_of("kind")

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "short_name", "kind", "kind_label", "parent", "is_active"]


class RoundSerializer(serializers.ModelSerializer):
    status_label = label_of("status")
    inspection_type_label = label_of("inspection_type")

    class Meta:
        model = Round
        fields = ["id", "name", "year", "inspection_type", "inspection_type_label", "status",
                  "status_label", "province_doc_number", "province_doc_date"]


class MemberSerializer(serializers.Serializer):
    name = serializers.CharField(source="user.full_name")
    position = serializers.CharField()
    position_label = label_of("position")


class InspectionSerializer(serializers.ModelSerializer):
    status_label = label_of("status")
    round_name = serializers.CharField(source="round.name", read_only=True)
    unit_name = serializers.CharField(source="target_unit.name", read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = ["id", "round", "round_name", "target_unit", "unit_name", "inspection_type",
                  "status", "status_label", "planned_entry_on", "planned_end_on",
                  "working_days", "members", "version"]

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, inspection):
        """The team as the inspection page shows it: current members and their posts."""
        team = inspection.team
        if team is None:
            return []
        current = [m for m in team.memberships.all() if m.left_at is None]
        return MemberSerializer(current, many=True).data


class FindingSerializer(serializers.ModelSerializer):
    content_area_label = label_of("content_area")
    severity_label = label_of("severity")
    unit_name = serializers.CharField(source="inspection.target_unit.name", read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "inspection", "unit_name", "title", "content_area",
                  "content_area_label", "severity", "severity_label", "facts",
                  "suggested_handling"]


class PlanSerializer(serializers.ModelSerializer):
    status_label = label_of("status")
    unit_name = serializers.CharField(source="inspection.target_unit.name", read_only=True)

    class Meta:
        model = RectificationPlan
        fields = ["id", "inspection", "unit_name", "summary", "status", "status_label",
                  "approved_at", "version"]


DONE = {RectificationItem.Status.CLOSED, RectificationItem.Status.LONG_TERM}


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "name", "sha256", "size", "uploaded_at", "replaces"]


class ItemSerializer(serializers.ModelSerializer):
    status_label = label_of("status")
    finding_title = serializers.CharField(source="finding.title", read_only=True)
    inspection = serializers.IntegerField(source="plan.inspection_id", read_only=True)
    unit = serializers.IntegerField(source="plan.inspection.target_unit_id", read_only=True)
    unit_name = serializers.CharField(source="plan.inspection.target_unit.name", read_only=True)
    level = serializers.SerializerMethodField(
        help_text=_("三色预警 today: 0 none, 1 yellow, 2 red, 3 overdue."))
    level_label = serializers.SerializerMethodField()

    class Meta:
        model = RectificationItem
        fields = ["id", "plan", "inspection", "unit", "unit_name", "finding", "finding_title",
                  "measure", "responsible_leader", "responsible_department", "due_on",
                  "status", "status_label", "level", "level_label", "progress",
                  "review_comment", "version"]

    def _level(self, item):
        if item.status in DONE or item.plan.approved_at is None:
            return calendar.NONE
        return calendar.reminder_level(localdate(item.plan.approved_at), item.due_on,
                                       self.context.get("today") or clock.today())

    def get_level(self, item) -> int:
        return self._level(item)

    def get_level_label(self, item) -> str:
        return str(Deadline.Level(self._level(item)).label)


class ItemDetailSerializer(ItemSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "evidence"]


class ItemReportSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[("start", _("Report: started")), ("update", _("Report progress")),
                 ("request_closure", _("Done: ask for closure"))])
    progress = serializers.CharField(max_length=10000, allow_blank=True)
    version = serializers.IntegerField(
        min_value=1, help_text=_("The item's version as last read; a newer one answers 409."))


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class DeadlineSerializer(serializers.ModelSerializer):
    kind_label = label_of("kind")
    status_label = label_of("status")
    unit_name = serializers.CharField(source="unit.name", default="", read_only=True)
    level = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = ["id", "kind", "kind_label", "title", "inspection", "unit", "unit_name",
                  "start_on", "due_on", "is_estimated", "status", "status_label", "level",
                  "met_at", "days_late"]

    def get_level(self, deadline) -> int:
        return deadline.current_level(self.context.get("today") or clock.today())


class ClueSerializer(serializers.ModelSerializer):
    """No summary and no persons in lists: those are read one clue at a time, and logged."""

    kind_label = label_of("kind")
    category_label = label_of("category")
    status_label = label_of("status")
    unit_name = serializers.CharField(source="inspection.target_unit.name", read_only=True)
    letter_number = serializers.CharField(source="transfer.letter_number", default="",
                                          read_only=True)

    class Meta:
        model = Clue
        fields = ["id", "inspection", "unit_name", "kind", "kind_label", "category",
                  "category_label", "is_sensitive", "status", "status_label", "letter_number",
                  "registered_at", "version"]


class ClueDetailSerializer(ClueSerializer):
    class Meta(ClueSerializer.Meta):
        fields = [*ClueSerializer.Meta.fields, "summary", "persons"]


class PersonOutcomeSerializer(serializers.Serializer):
    # One name is one person: no line break, and no "：" that would read as a name and a form.
    name = serializers.RegexField(r"^[^\r\n:：]+$", max_length=50, error_messages={
        "invalid": _("A name on one line, without “:” or “：”.")})
    form = serializers.IntegerField(
        min_value=0, max_value=4,
        help_text=_("0 not pursued, 1–4 the first to the fourth form (四种形态)."))


class ResultSerializer(serializers.Serializer):
    disposition = serializers.ChoiceField(choices=Result.Disposition.choices)
    summary = serializers.CharField(max_length=10000)
    persons = PersonOutcomeSerializer(many=True, required=False, max_length=ResultPerson.MOST)
    is_final = serializers.BooleanField(default=False)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class NoticeSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="inspection.target_unit.name", read_only=True)

    class Meta:
        model = Notice
        fields = ["id", "inspection", "unit_name", "document_number", "addressee", "body",
                  "issued_at"]


class AnnouncementSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="inspection.target_unit.name", read_only=True)
    petition_url = serializers.SerializerMethodField(
        help_text=_("The public online reporting form printed on the announcement."))

    class Meta:
        model = Announcement
        fields = ["id", "inspection", "unit_name", "document_number", "body", "schedule",
                  "address", "mailbox", "phone", "published_at", "petition_url"]

    def get_petition_url(self, announcement) -> str:
        path = reverse("inspections:public_petition", args=[announcement.petition_token])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class TalentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name", read_only=True)
    unit_name = serializers.CharField(source="user.org_unit.name", default="", read_only=True)
    position_title = serializers.CharField(source="user.position_title", read_only=True)
    specialty_labels = serializers.ListField(source="get_specialties_display",
                                             child=serializers.CharField(), read_only=True)
    availability_label = label_of("availability")

    class Meta:
        model = TalentPoolEntry
        fields = ["id", "name", "unit_name", "position_title", "specialties",
                  "specialty_labels", "availability", "availability_label"]


class HolidayOverrideSerializer(serializers.ModelSerializer):
    source_label = label_of("source")

    class Meta:
        model = HolidayOverride
        fields = ["id", "day", "is_workday", "note", "source", "source_label", "version"]
        read_only_fields = ["version"]


class FilingQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["name", "prefix", "scopes", "expires_at"]

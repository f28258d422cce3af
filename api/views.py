"""The data interface. Reads go through each app's access.py querysets, writes through the
same services (and so the same `ensure_can`) as the pages: the interface can never show or do
more than the account could in the browser."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import units_known_to
from clues import services as clue_services
from clues.access import clues_visible_to
from clues.actions import CLUE_ACTIONS
from deadlines import clock
from deadlines import services as deadline_services
from deadlines.access import deadlines_visible_to, overrides_visible_to
from deadlines.actions import CALENDAR_ACTIONS
from inspections.access import (
    announcements_visible_to,
    findings_visible_to,
    inspections_visible_to,
    notices_visible_to,
    rounds_visible_to,
)
from inspections.models import Finding
from oversight import filing
from oversight.access import files_with_province
from rectification import services as rectification_services
from rectification.access import items_visible_to, plans_visible_to
from rectification.actions import ITEM_ACTIONS
from teams.access import talent_visible_to

from . import filters
from . import serializers as s
from .errors import NOT_FOUND
from .models import ApiToken, Scope


def valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    """A list and a detail, both limited to what `visible(user)` returns."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The schema generator reads the model from here; requests use `visible`.
        cls.queryset = cls.serializer_class.Meta.model.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, not a request
            return self.queryset
        return self.visible(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": clock.today()}


class UnitViewSet(ReadOnly):
    serializer_class = s.UnitSerializer
    filterset_class = filters.UnitFilter

    visible = staticmethod(units_known_to)


class RoundViewSet(ReadOnly):
    serializer_class = s.RoundSerializer
    filterset_class = filters.RoundFilter

    visible = staticmethod(rounds_visible_to)


class InspectionViewSet(ReadOnly):
    serializer_class = s.InspectionSerializer
    filterset_class = filters.InspectionFilter

    @staticmethod
    def visible(user):
        return inspections_visible_to(user).prefetch_related("team__memberships__user")


class FindingViewSet(ReadOnly):
    """Approved findings only: drafts are the team's working papers."""

    serializer_class = s.FindingSerializer
    filterset_class = filters.FindingFilter

    @staticmethod
    def visible(user):
        return findings_visible_to(user).filter(status=Finding.Status.APPROVED)


class PlanViewSet(ReadOnly):
    serializer_class = s.PlanSerializer
    filterset_class = filters.PlanFilter

    visible = staticmethod(plans_visible_to)


class ItemViewSet(ReadOnly):
    serializer_class = s.ItemSerializer
    filterset_class = filters.ItemFilter
    write_scope = Scope.ITEM_PROGRESS

    @staticmethod
    def visible(user):
        return items_visible_to(user).select_related("plan")

    def get_queryset(self):
        items = super().get_queryset()
        return items.prefetch_related("evidence") if self.action != "list" else items

    def get_serializer_class(self):
        return s.ItemDetailSerializer if self.action != "list" else s.ItemSerializer

    def _answer(self, item):
        item = self.get_queryset().get(pk=item.pk)
        return Response(s.ItemDetailSerializer(item, context=self.get_serializer_context()).data)

    @extend_schema(request=s.ItemReportSerializer, responses=s.ItemDetailSerializer,
                   summary=_("Report progress, or ask for closure"))
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        item = self.get_object()
        # The role first: a caller who may never report hears 403, not what the body lacks.
        ITEM_ACTIONS.ensure_allowed(request.user, "update", item)
        data = valid(s.ItemReportSerializer, request)
        rectification_services.item_report(
            item=item, by=request.user, action=data["action"], progress=data["progress"],
            expected_version=data["version"])
        return self._answer(item)

    @extend_schema(request={"multipart/form-data": s.EvidenceUploadSerializer},
                   responses={201: s.EvidenceSerializer},
                   summary=_("Upload evidence (PDF, image, Office file)"))
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def evidence(self, request, pk=None):
        item = self.get_object()
        ITEM_ACTIONS.ensure_allowed(request.user, "add_evidence", item)
        data = valid(s.EvidenceUploadSerializer, request)
        evidence = rectification_services.evidence_add(item=item, by=request.user,
                                                       upload=data["file"])
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class DeadlineViewSet(ReadOnly):
    serializer_class = s.DeadlineSerializer
    filterset_class = filters.DeadlineFilter

    visible = staticmethod(deadlines_visible_to)


class ClueViewSet(ReadOnly):
    serializer_class = s.ClueSerializer
    filterset_class = filters.ClueFilter
    write_scope = Scope.CLUE_RESULT

    @staticmethod
    def visible(user):
        return clues_visible_to(user).select_related("transfer")

    def get_serializer_class(self):
        return s.ClueDetailSerializer if self.action == "retrieve" else s.ClueSerializer

    def retrieve(self, request, *args, **kwargs):
        clue = self.get_object()
        clue_services.clue_read(clue=clue, user=request.user, request=request)
        return Response(s.ClueDetailSerializer(clue).data)

    @extend_schema(request=s.VersionSerializer, responses=s.ClueSerializer,
                   summary=_("Sign for a transferred clue (starts the 3-month deadline)"))
    @action(detail=True, methods=["post"], url_path="sign-for")
    def sign_for(self, request, pk=None):
        clue = self.get_object()
        CLUE_ACTIONS.ensure_allowed(request.user, "sign_for", clue)
        data = valid(s.VersionSerializer, request)
        clue_services.clue_sign_for(clue=clue, by=request.user,
                                    expected_version=data["version"])
        return Response(s.ClueSerializer(self.get_queryset().get(pk=clue.pk)).data)

    @extend_schema(request=s.ResultSerializer, responses={201: s.ClueSerializer},
                   summary=_("Report a partial or the final result, with each person's form"))
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        clue = self.get_object()
        CLUE_ACTIONS.ensure_allowed(request.user, "report_result", clue)
        data = valid(s.ResultSerializer, request)
        clue_services.result_report(
            clue=clue, by=request.user, disposition=data["disposition"],
            summary=data["summary"], is_final=data["is_final"],
            people=[(person["name"], person["form"]) for person in data.get("persons", [])])
        return Response(s.ClueSerializer(self.get_queryset().get(pk=clue.pk)).data,
                        status=status.HTTP_201_CREATED)


class NoticeViewSet(ReadOnly):
    serializer_class = s.NoticeSerializer
    filterset_class = filters.NoticeFilter

    visible = staticmethod(notices_visible_to)


class AnnouncementViewSet(ReadOnly):
    """巡察公告 (Art 13) with the address of the public reporting form printed on them."""

    serializer_class = s.AnnouncementSerializer
    filterset_class = filters.AnnouncementFilter

    visible = staticmethod(announcements_visible_to)


class TalentViewSet(ReadOnly):
    """The talent pool (Art 9), for the office and the leadership group."""

    serializer_class = s.TalentSerializer
    filterset_class = filters.TalentFilter

    visible = staticmethod(talent_visible_to)


class HolidayOverrideViewSet(mixins.CreateModelMixin, ReadOnly):
    """The office's corrections of the working-day calendar; saving one recomputes the
    pending deadlines around the day."""

    serializer_class = s.HolidayOverrideSerializer
    write_scope = Scope.CALENDAR

    visible = staticmethod(overrides_visible_to)

    def create(self, request, *args, **kwargs):
        CALENDAR_ACTIONS.ensure_allowed(request.user, "create")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        override, _moved = deadline_services.holiday_override_save(
            by=request.user, day=data["day"], is_workday=data["is_workday"],
            note=data["note"], source=data.get("source", "official"))
        return Response(self.get_serializer(override).data, status=status.HTTP_201_CREATED)


class FilingPackage(APIView):
    """报备 package (Art 8 (6), Art 17) as the filing page builds it: a zip, logged."""

    read_scope = Scope.FILING

    @extend_schema(parameters=[
        OpenApiParameter("year", int, required=True),
        OpenApiParameter("part", str, many=True, enum=[code for code, _l in filing.PARTS])],
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
        summary=_("Download the filing package of a year"))
    def get(self, request):
        if not files_with_province(request.user):
            raise PermissionDenied(_("Only the inspection office files with the province."))
        year = s.FilingQuerySerializer(data=request.query_params)
        year.is_valid(raise_exception=True)
        parts = [code for code, _label in filing.PARTS
                 if code in request.query_params.getlist("part")] or \
            [code for code, _label in filing.PARTS]
        package = filing.filing_package_filed(
            by=request.user, year=year.validated_data["year"], parts=parts,
            today=clock.today(), request=request, via_api=True)
        response = HttpResponse(package, content_type="application/zip")
        response["Content-Disposition"] = \
            f"attachment; filename=filing-{year.validated_data['year']}.zip"
        return response


@login_not_required
def unknown(request, path=""):
    """Any other address under /api/v1/: the same JSON 404 as a missing object."""
    return JsonResponse({"code": NOT_FOUND, "message": _(
        "Not found, or not visible to this account.")}, status=404)


class Me(APIView):
    """Who the token or session is, and what the token may do."""

    @extend_schema(responses=inline_serializer("Me", {
        "username": serializers.CharField(), "full_name": serializers.CharField(),
        "roles": serializers.ListField(child=serializers.CharField()),
        "token": s.TokenSerializer(allow_null=True)}))
    def get(self, request):
        user, token = request.user, request.auth
        return Response({
            "username": user.get_username(), "full_name": user.full_name,
            "roles": sorted(user.role_names),
            "token": s.TokenSerializer(token).data if isinstance(token, ApiToken) else None,
        })

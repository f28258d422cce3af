from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.history import history_rows
from config.paging import paginate
from config.viewutils import form_page

from . import access, clock, services
from .actions import CALENDAR_ACTIONS, DEADLINE_ACTIONS
from .forms import HolidayOverrideForm, WaiveForm
from .models import Deadline, HolidayOverride, annotate_today
from .pages import work_url

STATUS_FILTERS = {
    "pending": [Deadline.Status.OPEN, Deadline.Status.MISSED],
    "done": [Deadline.Status.MET, Deadline.Status.WAIVED],
}


def my_deadlines(request):
    shown = request.GET.get("show", "pending")
    deadlines = access.deadlines_visible_to(request.user).filter(
        status__in=STATUS_FILTERS.get(shown, STATUS_FILTERS["pending"])
    ).order_by("due_on", "pk")
    today = clock.today()
    page = paginate(request, deadlines)
    annotate_today(page, today)
    return render(request, "deadlines/my_deadlines.html", {
        "page": page, "show": shown, "today": today,
    })


def _render_detail(request, deadline, waive_form):
    today = clock.today()
    return render(request, "deadlines/deadline_detail.html", {
        "deadline": deadline, "today": today, "waive_form": waive_form,
        "days_left": deadline.days_left(today), "level_today": deadline.current_level(today),
        "history": history_rows(deadline, 50),
        "subject_url": work_url(request.user, deadline),
    })


def deadline_detail(request, pk):
    deadline = access.get_deadline_for_user(request.user, pk)
    waive = DEADLINE_ACTIONS.bound(request.user, "waive", deadline)
    return _render_detail(request, deadline,
                          WaiveForm(initial={"version": deadline.version}) if waive else None)


@require_POST
def deadline_waive(request, pk):
    deadline = access.get_deadline_for_user(request.user, pk)
    form = WaiveForm(request.POST)
    if form.is_valid():
        try:
            services.deadline_waive(deadline=deadline, by=request.user,
                                    reason=form.cleaned_data["reason"],
                                    expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, DEADLINE_ACTIONS["waive"].done)
            return redirect(deadline)
    return _render_detail(request, deadline, form)


def notification_list(request):
    notifications = access.notifications_of(request.user)
    if request.GET.get("unread"):
        notifications = notifications.filter(read_at__isnull=True)
    return render(request, "deadlines/notification_list.html", {
        "page": paginate(request, notifications), "unread_only": bool(request.GET.get("unread")),
    })


@require_POST
def notification_read(request, pk):
    notification = access.notifications_of(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or reverse("deadlines:notification_list"))


@require_POST
def notification_read_all(request):
    access.notifications_of(request.user).filter(read_at__isnull=True).update(
        read_at=timezone.now())
    messages.success(request, _("All notifications marked as read."))
    return redirect("deadlines:notification_list")


def override_list(request):
    access.ensure_can_manage_calendar(request.user)
    return render(request, "deadlines/override_list.html", {
        "page": paginate(request, HolidayOverride.objects.all()),
    })


def override_form(request, pk=None):
    override = access.get_override_for_user(request.user, pk) if pk else None
    CALENDAR_ACTIONS.ensure_allowed(request.user, "edit" if override else "create", override)
    form = HolidayOverrideForm(request.POST or None, instance=override)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _saved, moved = services.holiday_override_save(
                by=request.user, day=data["day"], is_workday=data["is_workday"],
                note=data["note"], source=data["source"], override=override,
                expected_version=data["version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Calendar saved; %(count)s deadlines recomputed.")
                             % {"count": moved})
            return redirect("deadlines:override_list")
    return form_page(request, form, _("Calendar override"), reverse("deadlines:override_list"))


def override_delete(request, pk):
    override = access.get_override_for_user(request.user, pk)
    CALENDAR_ACTIONS.ensure_allowed(request.user, "delete", override)
    if request.method == "POST":
        moved = services.holiday_override_delete(override=override, by=request.user)
        messages.success(request, _("Override removed; %(count)s deadlines recomputed.")
                         % {"count": moved})
        return redirect("deadlines:override_list")
    return render(request, "deadlines/override_confirm_delete.html", {"override": override})

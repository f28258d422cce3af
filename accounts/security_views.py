"""The security auditor's pages (三员): read, filter, export and verify the security log.

Nobody else reads the log in the application, and the auditor reads nothing else."""

import csv
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.models import Checkpoint, SecurityEvent
from audit.services import checkpoint_write, security_event_record, verify

from .access import is_auditor

PAGE = 50


class EventFilter(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False,
                             choices=[("", gettext_lazy("All kinds")), *SecurityEvent.Kind.choices])
    username = forms.CharField(label=gettext_lazy("User name"), required=False, max_length=150)
    target = forms.CharField(label=gettext_lazy("Object"), required=False, max_length=200)
    since = forms.DateField(label=gettext_lazy("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("To"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


def _ensure_auditor(user):
    if not is_auditor(user):
        raise PermissionDenied(_("Only the security auditor reads the security log."))


def _filtered(form):
    events = SecurityEvent.objects.order_by("-seq")
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["kind"]:
        events = events.filter(kind=data["kind"])
    if data["username"]:
        events = events.filter(username=data["username"].strip())
    if data["target"]:
        events = events.filter(target__startswith=data["target"].strip())
    if data["since"]:
        events = events.filter(created_at__date__gte=data["since"])
    if data["until"]:
        events = events.filter(created_at__date__lte=data["until"])
    return events


def security_log(request):
    _ensure_auditor(request.user)
    form = EventFilter(request.GET or None)
    events = _filtered(form)
    # Keyset pagination on the sequence number: constant cost however long the log grows.
    before = form.cleaned_data.get("before") if form.is_valid() else None
    page = list((events.filter(seq__lt=before) if before else events)[:PAGE + 1])
    more = len(page) > PAGE
    query = request.GET.copy()
    if more:
        query["before"] = page[PAGE - 1].seq
    return render(request, "accounts/security_log.html", {
        "form": form, "events": page[:PAGE], "next_query": query.urlencode() if more else "",
        "checkpoints": Checkpoint.objects.all()[:10],
    })


def security_log_export(request):
    _ensure_auditor(request.user)
    form = EventFilter(request.GET or None)
    events = _filtered(form)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
    writer = csv.writer(buffer)
    writer.writerow(["seq", "time", "kind", "user", "ip", "object", "detail", "hash"])
    count = 0
    for event in events.iterator():
        writer.writerow([event.seq, event.created_at.isoformat(), event.kind, event.username,
                         event.ip_address or "", event.target, event.detail, event.hash])
        count += 1
    security_event_record(kind=SecurityEvent.Kind.EXPORT, user=request.user, request=request,
                          target="security_log", detail={"rows": count,
                                                         "filters": request.GET.dict()})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''security-log.csv"
    return response


def security_anchors_export(request):
    """The signed checkpoints, for the auditor to keep outside the system."""
    _ensure_auditor(request.user)
    lines = [
        f"{c.created_at.isoformat()}\t{c.seq}\t{c.last_hash}\t{c.floor_seq}\t{c.reason}\t"
        f"{c.signature}" for c in Checkpoint.objects.order_by("seq", "pk")]
    security_event_record(kind=SecurityEvent.Kind.EXPORT, user=request.user, request=request,
                          target="security_checkpoints", detail={"rows": len(lines)})
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''security-checkpoints.tsv"
    return response


@require_POST
def security_log_verify(request):
    _ensure_auditor(request.user)
    result = verify()
    if result.intact:
        checkpoint_write(reason=Checkpoint.Reason.VERIFIED)
        messages.success(request, _("The security log is intact: %(events)s events "
                                    "(#%(first)s–#%(last)s), %(anchors)s checkpoints agree. A "
                                    "new signed checkpoint was written.")
                         % {"events": result.events, "first": result.first_seq,
                            "last": result.last_seq, "anchors": result.anchors})
    else:
        for problem in result.problems:
            messages.error(request, problem)
    security_event_record(kind=SecurityEvent.Kind.AUDIT, user=request.user, request=request,
                          target="verify", detail={"intact": result.intact,
                                                   "problems": result.problems[:20]})
    return redirect("accounts:security_log")

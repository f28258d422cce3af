from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from audit.models import SecurityEvent
from audit.services import security_event_record

from .excel import ImportRefused
from .models import ExportJob


def _own_job(request, pk):
    # Only the person who asked sees a job: missing and someone else's are the same 404.
    return get_object_or_404(ExportJob, pk=pk, requested_by=request.user)


def export_status(request, pk):
    job = _own_job(request, pk)
    template = "documents/export_status.html" + ("#progress" if request.htmx else "")
    return render(request, template, {"job": job, "keep_hours": settings.EXPORT_KEEP_HOURS})


def export_download(request, pk):
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.DONE:
        raise Http404
    security_event_record(kind=SecurityEvent.Kind.EXPORT, user=request.user, request=request,
                          target=f"export:{job.kind}:{job.pk}", detail=job.params)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


def import_page(request, *, run, title, template_url, cancel_url, done_url, done_message):
    """GET shows the form; POST imports all rows or none and shows the row report."""
    class ImportForm(forms.Form):
        file = forms.FileField(label=_("Excel file (.xlsx) in the template's layout"))

    form, errors = ImportForm(request.POST or None, request.FILES or None), []
    if request.method == "POST" and form.is_valid():
        try:
            count = run(form.cleaned_data["file"])
        except ImportRefused as refused:
            errors = refused.errors
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, done_message % {"count": count})
            return redirect(done_url)
    return render(request, "import_page.html", {
        "form": form, "errors": errors, "title": title, "template_url": template_url,
        "cancel_url": cancel_url})

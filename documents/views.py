from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from audit.models import SecurityEvent
from audit.services import security_event_record

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

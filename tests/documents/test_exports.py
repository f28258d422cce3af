import os
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from documents import exports
from documents.models import ExportJob


@pytest.mark.django_db
def test_ledger_exports_in_the_background_with_progress(client, approved_plan, office_staff,
                                                        unit_contact,
                                                        django_capture_on_commit_callbacks):
    client.force_login(office_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rectification:ledger_export"), {"status": "open"})
    job = ExportJob.objects.get()
    assert response.url == reverse("documents:export_status", args=[job.pk])
    assert (job.status, job.progress, job.params["status"]) == ("done", 100, "open")
    fragment = client.get(response.url, headers={"HX-Request": "true"}).text
    assert "<html" not in fragment and 'id="export-progress"' in fragment
    assert "hx-trigger" not in fragment  # finished: the page stops polling
    download = client.get(reverse("documents:export_download", args=[job.pk]))
    sheet = load_workbook(BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 1 + approved_plan.items.count()
    client.force_login(unit_contact)  # someone else's export: the same 404 as a missing one
    assert client.get(response.url).status_code == 404


@pytest.mark.django_db
def test_a_running_job_keeps_polling_and_a_failure_is_shown(client, office_staff, monkeypatch):
    job = ExportJob.objects.create(kind="ledger", requested_by=office_staff)
    client.force_login(office_staff)
    assert "hx-trigger" in client.get(reverse("documents:export_status", args=[job.pk])).text

    def broken(job, report_progress):
        raise RuntimeError("disk full")

    monkeypatch.setitem(exports.BUILDERS, "ledger", broken)
    exports.export_run(job_id=job.pk)
    exports.export_run(job_id=job.pk)  # idempotent: a finished job is left alone
    job.refresh_from_db()
    assert job.status == "failed"
    assert "导出失败" in client.get(reverse("documents:export_status", args=[job.pk])).text


@pytest.mark.django_db
def test_exported_files_are_deleted_after_a_day(client, office_staff, settings):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from documents.tasks import expire_exports

    now = timezone.now()
    jobs = {}
    for label, hours in (("old", 25), ("recent", 23)):
        job = ExportJob.objects.create(kind="ledger", requested_by=office_staff, status="done",
                                       filename=f"{label}.xlsx",
                                       finished_at=now - timedelta(hours=hours))
        job.file.save(f"{label}.xlsx", ContentFile(b"ledger"), save=True)
        jobs[label] = job
    old_path = jobs["old"].file.path
    expire_exports()
    for job in jobs.values():
        job.refresh_from_db()
    assert (jobs["old"].status, jobs["old"].file.name) == ("expired", "")
    assert jobs["recent"].status == "done" and jobs["recent"].file.storage.exists(
        jobs["recent"].file.name)
    assert not os.path.exists(old_path)
    client.force_login(office_staff)
    assert client.get(reverse("documents:export_download",
                              args=[jobs["old"].pk])).status_code == 404
    page = client.get(reverse("documents:export_status", args=[jobs["old"].pk])).text
    assert "24" in page and "重新导出" in page


@pytest.mark.django_db
def test_signed_in_pages_are_never_cached(client, office_staff):
    client.force_login(office_staff)
    assert "no-store" in client.get(reverse("oversight:home"))["Cache-Control"]

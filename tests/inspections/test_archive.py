from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from guardian.models import UserObjectPermission

from deadlines.models import Deadline
from documents.uploads import sha256_of
from inspections import services
from inspections.models import Attachment, Inspection
from tests.factories import pdf


@pytest.mark.django_db
def test_hearing_meets_the_one_month_deadline(heard):
    hearing = Deadline.objects.get(inspection=heard, kind=Deadline.Kind.HEARING)
    assert (hearing.status, hearing.days_late) == (Deadline.Status.MET, 0)
    assert heard.status == Inspection.Status.HEARD
    assert heard.hearing.speech_file.name.endswith("讲话.pdf")


@pytest.mark.django_db
def test_archive_needs_every_item_then_freezes_everything(closed, office_director, team_member,
                                                          finding, fieldwork):
    heard = closed
    with pytest.raises(ValidationError) as incomplete:
        services.inspection_archive(inspection=heard, by=office_director, checklist=["notice"])
    assert "checklist" in incomplete.value.message_dict
    services.inspection_archive(inspection=heard, by=office_director,
                                checklist=list(services.ARCHIVE_CHECKLIST))
    heard.refresh_from_db()
    assert heard.status == Inspection.Status.ARCHIVED
    assert not UserObjectPermission.objects.filter(object_pk=str(heard.pk)).exists()

    refusals = [
        lambda: services.fieldwork_record_create(inspection=heard, by=team_member,
                                                 method="records", held_on=date(2026, 11, 20),
                                                 summary="补充"),
        lambda: services.finding_save(inspection=heard, by=team_member, finding=finding,
                                      title="改", content_area="political", facts="改"),
        lambda: services.finding_save(inspection=heard, by=team_member, title="新",
                                      content_area="political", facts="新"),
        lambda: services.attachment_add(by=team_member, upload=pdf(), finding=finding),
        lambda: services.report_save(inspection=heard, by=team_member, findings=[],
                                     title="新报告", analysis="a", suggestions="b"),
    ]
    for attempt in refusals:
        # The team's authority ended with the archive: the inspection is not even visible.
        with pytest.raises(Http404):
            attempt()


@pytest.mark.django_db
def test_archive_index_lists_materials_for_the_office_only(client, closed, office_staff,
                                                           office_director, team_member,
                                                           fieldwork):
    heard = closed
    # A file recorded during fieldwork, before the inspection closed.
    upload = pdf("会议记录.pdf")
    Attachment.objects.create(fieldwork=fieldwork, name="会议记录.pdf", sha256=sha256_of(upload),
                              size=upload.size, uploaded_by=team_member, file=upload)
    services.inspection_archive(inspection=heard, by=office_director,
                                checklist=list(services.ARCHIVE_CHECKLIST))
    url = reverse("inspections:archive_index", args=[heard.pk])
    client.force_login(office_staff)
    page = client.get(url)
    assert page.status_code == 200
    assert "会议记录.pdf" in page.text and "巡察报告" in page.text
    attachment = fieldwork.attachments.get()
    download = client.get(reverse("inspections:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    client.force_login(team_member)  # the team's authority ended with the archive
    assert client.get(url).status_code == 404
    assert client.get(heard.get_absolute_url()).status_code == 404

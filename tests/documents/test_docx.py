from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn


@pytest.mark.django_db
def test_office_gets_an_editable_notice_in_the_official_layout(client, authorised_team,
                                                               office_director, office_staff,
                                                               unit_contact):
    from inspections import services

    notice = services.notice_issue(inspection=authorised_team.inspections.get(),
                                   by=office_director, addressee="中共青海省甲测试院委员会",
                                   body="一、巡察安排\n定于9月14日进驻")
    url = reverse("inspections:notice_docx", args=[notice.pk])
    client.force_login(office_staff)
    document = Document(BytesIO(client.get(url).content))
    section = document.sections[0]
    # Word stores twips: within a tenth of a millimetre of 37 mm top and 28 mm left.
    assert abs(section.top_margin.mm - 37) < 0.1 and abs(section.left_margin.mm - 28) < 0.1
    texts = [p.text for p in document.paragraphs]
    # A letter: the number stands at the right edge of the type area, on a tab stop.
    assert f"\t{notice.document_number}" in texts and "一、巡察安排" in texts
    heading = next(p for p in document.paragraphs if p.text == "一、巡察安排")
    fonts = heading.runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "黑体"
    client.force_login(unit_contact)  # the unit reads the notice but does not edit it
    assert client.get(url).status_code == 403

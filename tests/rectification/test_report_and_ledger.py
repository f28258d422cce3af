from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import SecurityEvent
from deadlines import clock
from deadlines.models import Deadline, Notification, Todo
from rectification import services

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_report_goes_to_three_recipients_and_gaps_show(client, approved_plan, unit_contact,
                                                       discipline_handler, hr_handler,
                                                       office_staff):
    inspection = approved_plan.inspection
    deadline = Deadline.objects.get(inspection=inspection,
                                    kind=Deadline.Kind.RECTIFICATION_REPORT)
    first = services.report_submit(inspection=inspection, by=unit_contact,
                                   kind="implementation", body="党组织落实情况报告")
    deadline.refresh_from_db()
    assert deadline.status == "open"  # Art 19 asks for two reports: one is not enough
    report = services.report_submit(inspection=inspection, by=unit_contact,
                                    kind="rectification", body="落实整改情况报告")
    deadline.refresh_from_db()
    assert deadline.status == "met"
    assert {r.recipient for r in first.receipts.all()} == {"discipline", "hr", "office"}
    assert {r.recipient for r in report.receipts.all()} == {"discipline", "hr", "office"}
    # Each recipient is told once, of its own receipt, and only that one waits in its queue.
    for person, recipient in ((discipline_handler, "discipline"), (hr_handler, "hr"),
                              (office_staff, "office")):
        assert Notification.objects.filter(recipient=person,
                                           url=report.get_absolute_url()).count() == 1
        assert sorted(Todo.objects.filter(recipient=person).values_list("object_id", flat=True)
                      ) == sorted(r.receipts.get(recipient=recipient).pk for r in (first, report))

    client.force_login(discipline_handler)
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200 and "纪检监察机关" in page.text
    discipline = report.receipts.get(recipient="discipline")
    with clock.frozen(datetime(2026, 12, 1, 9, tzinfo=SHANGHAI)):  # within the two months
        client.post(reverse("rectification:receipt_confirm", args=[report.pk, discipline.pk]))
    hr = report.receipts.get(recipient="hr")
    assert client.post(reverse("rectification:receipt_confirm",
                               args=[report.pk, hr.pk])).status_code == 403
    late = datetime(2027, 2, 1, 9, tzinfo=SHANGHAI)  # after the 2-month due date (2027-01-20)
    with clock.frozen(late):
        services.receipt_confirm(receipt=hr, by=hr_handler)
    gaps = {r.recipient: str(why) for r, why in services.report_gaps(report)}
    assert gaps == {"hr": "逾期接收", "office": "未接收"}


@pytest.mark.django_db
def test_ledger_filters_exports_and_logs(client, approved_plan, office_staff, unit_b_contact,
                                         django_assert_max_num_queries):
    client.force_login(office_staff)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("rectification:ledger"))
    assert "修订“三重一大”决策制度" in page.text
    assert "修订" not in client.get(reverse("rectification:ledger"),
                                  {"status": "closed"}).text.split("<tbody>")[1]
    export = client.get(reverse("rectification:ledger"), {"format": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][:3] == ["序号", "被巡察单位", "问题"]
    assert sheet.max_row == 1 + approved_plan.items.count()
    assert sheet.freeze_panes == "A2" and sheet.cell(row=2, column=7).is_date
    assert SecurityEvent.objects.filter(kind="export", user=office_staff).exists()

    client.force_login(unit_b_contact)  # another unit sees none of unit A's items
    assert "修订“三重一大”决策制度" not in client.get(reverse("rectification:ledger")).text


@pytest.mark.django_db
def test_unit_home_shows_progress_and_returned_items(client, approved_plan, unit_contact,
                                                     team_leader):
    item = approved_plan.items.first()
    item = services.item_report(item=item, by=unit_contact, action="request_closure",
                                progress="完成", expected_version=item.version)
    services.item_decide(item=item, by=team_leader, action="return", comment="缺少会议纪要",
                         expected_version=item.version)
    client.force_login(unit_contact)
    home = client.get(reverse("oversight:home")).text
    assert "缺少会议纪要" in home and 'aria-valuenow="0"' in home
    assert "整改方案" in home


@pytest.mark.django_db
def test_the_unit_sends_each_of_the_two_reports_once_and_the_office_closes_after_both(
        client, approved_plan, unit_contact, team_leader, office_director):
    from django.core.exceptions import ValidationError

    inspection = approved_plan.inspection
    for item in approved_plan.items.all():
        item = services.item_report(item=item, by=unit_contact, action="request_closure",
                                    progress="已完成", expected_version=item.version)
        services.item_decide(item=item, by=team_leader, action="close", comment="核实",
                             expected_version=item.version)
    client.force_login(unit_contact)
    url = reverse("rectification:report_create", args=[inspection.pk])
    form = client.get(url).text
    assert 'value="implementation" selected' in form and 'value="rectification"' in form
    sent = client.post(url, {"kind": "implementation", "body": "党组织落实情况报告"})
    assert sent.status_code == 302
    # What is left to send is the one report offered; the same report again is refused.
    form = client.get(url).text
    assert 'value="implementation"' not in form and 'value="rectification" selected' in form
    again = client.post(url, {"kind": "implementation", "body": "再报一次"})
    assert again.status_code == 200 and inspection.rect_reports.count() == 1
    with pytest.raises(ValidationError, match="已报送"):
        services.report_submit(inspection=inspection, by=unit_contact, kind="implementation",
                               body="再报一次")
    with pytest.raises(ValidationError, match="落实整改情况报告"):
        services.inspection_close(inspection=inspection, by=office_director)
    client.post(url, {"kind": "rectification", "body": "落实整改情况报告"})
    overview = client.get(reverse("rectification:overview", args=[inspection.pk])).text
    listed = overview.split('data-testid="rectification-reports"')[1].split("</ul>")[0]
    assert "党组织落实情况报告" in listed and "落实整改情况报告" in listed
    done = client.get(url, follow=True)  # nothing left to send: back, told why
    assert done.redirect_chain[-1][0] == reverse("rectification:overview", args=[inspection.pk])
    assert "两份整改报告均已报送" in done.text
    services.inspection_close(inspection=inspection, by=office_director)

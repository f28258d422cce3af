import re
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from audit.models import SecurityEvent
from clues import services
from clues.models import Clue, Proposal
from deadlines.models import Deadline

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_clue_details_are_not_stored_in_clear_text(clue):
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary, persons FROM clues_clue WHERE id = %s", [clue.pk])
        summary, persons = cursor.fetchone()
    assert "购物卡" not in summary and "张某" not in persons


@pytest.mark.django_db
def test_sign_for_starts_three_months_and_the_final_result_closes_it(signed,
                                                                     discipline_handler):
    deadline = Deadline.objects.get(kind=Deadline.Kind.CLUE_RESULT, object_id=signed.pk)
    # 民法典 art 202–203: 02-28 (a Sunday) moves to Monday 03-01.
    assert deadline.due_on == date(2027, 3, 1)
    services.result_report(clue=signed, by=discipline_handler, disposition="preliminary_check",
                           summary="已初步核实，正在研究")
    deadline.refresh_from_db()
    assert deadline.status == "open"  # a partial result leaves it open
    services.result_report(clue=signed, by=discipline_handler, disposition="conclude",
                           summary="核实属实，给予党内警告", people=[("张某", 2)],
                           is_final=True)
    deadline.refresh_from_db()
    assert deadline.status == "met"
    assert Clue.objects.get(pk=signed.pk).status == "result_reported"


@pytest.mark.django_db
def test_classification_must_name_an_organ_of_the_right_kind(clue, leadership_leader,
                                                            hr_handler):
    hr_organ = hr_handler.organ_handlers.get().organ
    with pytest.raises(ValidationError):
        services.clue_classify(clue=clue, by=leadership_leader, decision="discipline",
                               organ=hr_organ, meeting="会议", expected_version=clue.version)
    with pytest.raises(ValidationError):
        services.clue_classify(clue=clue, by=leadership_leader, decision="none", meeting="会议",
                               reason="", expected_version=clue.version)
    kept = services.clue_classify(clue=clue, by=leadership_leader, decision="none",
                                  meeting="会议", reason="作为整改问题处理",
                                  expected_version=clue.version)
    assert kept.status == "not_transferred"


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "expected"), [
    ("office_staff", 200), ("leadership_member", 200), ("discipline_handler", 200),
    ("hr_handler", 404), ("other_team_member", 404), ("unit_contact", 404),
    ("unit_b_contact", 404), ("team_member", 404),  # the team lets go once transferred
    ("party_member", 404),
])
def test_who_sees_a_transferred_clue(client, request, other_team_member, transferred, role,
                                     expected):
    viewer = request.getfixturevalue(role)
    client.force_login(viewer)
    assert client.get(transferred.get_absolute_url()).status_code == expected
    if expected == 404:  # no action reveals the clue either
        for action in ["classify", "transfer", "sign_for", "result", "propose"]:
            url = reverse("clues:clue_action", args=[transferred.pk, action])
            assert client.post(url).status_code == 404
    logged = SecurityEvent.objects.filter(kind="sensitive_read", user=viewer,
                                          target=f"clue:{transferred.pk}").exists()
    assert logged is (expected == 200)


@pytest.mark.django_db
def test_the_team_sees_its_clue_until_transfer(client, clue, team_member, team_leader, deputy,
                                               unit_contact):
    """Only who registered it and the team leader; not every member (DESIGN §3)."""
    for viewer, status in ((team_member, 200), (team_leader, 200), (deputy, 404)):
        client.force_login(viewer)
        assert client.get(clue.get_absolute_url()).status_code == status
    client.force_login(unit_contact)
    assert client.get(clue.get_absolute_url()).status_code == 404
    assert client.get(reverse("clues:clue_list")).status_code == 403


@pytest.mark.django_db
def test_office_proposes_and_the_party_group_decides(client, signed, discipline_handler,
                                                     office_staff, party_member):
    services.result_report(clue=signed, by=discipline_handler, disposition="conclude",
                           summary="属实", is_final=True)
    proposal = services.proposal_make(by=office_staff, kind="accountability",
                                      opinion="建议对其所在单位主要负责人诫勉谈话", clue=signed)
    client.force_login(party_member)
    client.post(proposal.get_absolute_url(), {"decision": "同意", "meeting": "厅党组第30次会议",
                                              "version": proposal.version})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == ("decided", party_member)
    assert Clue.objects.get(pk=signed.pk).status == "decided"


@pytest.mark.django_db
def test_obstruction_leads_to_a_proposal(client, notified, team_member, office_staff):
    case = services.obstruction_record(inspection=notified, by=team_member,
                                       situation="refusing", against="甲院财务科",
                                       description="拒绝提供2025年会计凭证")
    client.force_login(office_staff)
    response = client.post(case.get_absolute_url(), {"kind": "accountability",
                                                     "opinion": "建议对财务科长问责"})
    proposal = Proposal.objects.get(obstruction=case)
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()


@pytest.mark.django_db
def test_a_complaint_about_team_a_is_invisible_to_team_a(client, authorised_team, team_member,
                                                         team_leader, unit_contact,
                                                         office_staff, leadership_member):
    complaint = services.complaint_file(by=unit_contact, team=authorised_team, about=team_member,
                                        addressee="office", conduct="banquets",
                                        content="巡察期间接受单位宴请")
    for insider in (team_member, team_leader):
        client.force_login(insider)
        assert client.get(complaint.get_absolute_url()).status_code == 404
        assert "宴请" not in client.get(reverse("clues:complaint_list")).text
    client.force_login(leadership_member)  # addressed to the office, not the group
    assert client.get(complaint.get_absolute_url()).status_code == 404
    client.force_login(office_staff)
    client.post(complaint.get_absolute_url(), {"outcome": "经核实，已批评教育"})
    complaint.refresh_from_db()
    assert complaint.handled_by == office_staff


@pytest.mark.django_db
def test_per_person_forms_are_structured_and_bad_rows_refused(signed, discipline_handler):
    from clues.models import ResultPerson

    for bad in ([("张某", 2), ("李某", 5)], [("", 1)], [("张某\n李某", 1)], [("张某", "2")]):
        with pytest.raises(ValidationError) as refused:
            services.result_report(clue=signed, by=discipline_handler, disposition="conclude",
                                   summary="x", people=bad)
        assert "人员" in str(refused.value)
    assert not ResultPerson.objects.exists()
    services.result_report(clue=signed, by=discipline_handler, disposition="conclude",
                           summary="处理完毕", is_final=True, people=[("张某", 2), (" 李某 ", 0)])
    assert sorted(ResultPerson.objects.values_list("form", flat=True)) == [0, 2]
    assert {p.name for p in ResultPerson.objects.all()} == {"张某", "李某"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM clues_resultperson")
        assert all("某" not in row[0] for row in cursor.fetchall())


def _result_post(clue, **people):
    data = {"disposition": "conclude", "summary": "核实属实", "is_final": "on",
            "version": clue.version, "people-TOTAL_FORMS": "3", "people-INITIAL_FORMS": "1",
            "people-MIN_NUM_FORMS": "0", "people-MAX_NUM_FORMS": "50"}
    data.update({f"people-{key.replace('_', '-')}": value for key, value in people.items()})
    return data


@pytest.mark.django_db
def test_the_result_form_offers_the_persons_involved_and_keeps_what_was_typed(
        client, signed, discipline_handler):
    from clues.models import ResultPerson

    client.force_login(discipline_handler)
    page = client.get(signed.get_absolute_url()).content.decode()
    # The clue names 张某 among its persons involved: their row is filled in, never retyped.
    assert 'name="people-0-name" value="张某"' in page
    url = reverse("clues:clue_action", args=[signed.pk, "report_result"])
    refused = client.post(url, _result_post(signed, **{"0_name": "张某", "1_name": "李某",
                                                        "1_outcome": "1", "2_outcome": "3"}))
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "请选择对张某的处理结果" in text and "这是谁的处理结果" in text
    assert 'value="李某"' in text and "核实属实" in text  # nothing typed is lost
    assert not signed.results.exists()
    done = client.post(url, _result_post(signed, **{"0_name": "张某", "0_outcome": "2",
                                                     "1_name": "李某", "1_outcome": "0"}))
    assert done.status_code == 302
    assert dict(ResultPerson.objects.values_list("form", "result__clue")) == {
        2: signed.pk, 0: signed.pk}
    assert sorted(p.name for p in ResultPerson.objects.all()) == ["张某", "李某"]
    assert Clue.objects.get(pk=signed.pk).status == "result_reported"


@pytest.mark.django_db
def test_a_finding_marked_as_a_clue_is_registered_without_typing_it_again(
        client, notified, finding, team_member):
    finding.is_clue = True
    finding._change_reason = "edit"
    finding.save()
    client.force_login(team_member)
    page = client.get(finding.get_absolute_url()).text
    register = reverse("clues:clue_register", args=[notified.pk]) + f"?finding={finding.pk}"
    assert f'href="{register}"' in page
    form = client.get(register).text
    assert finding.facts in form and f'<option value="{finding.pk}" selected>' in form
    response = client.post(register, {"kind": "problem", "category": "integrity",
                                      "finding": finding.pk, "summary": finding.facts,
                                      "persons": "张某"})
    clue = Clue.objects.get(finding=finding)
    assert response.status_code == 302
    assert 'data-testid="finding-clue"' not in client.get(finding.get_absolute_url()).text
    sources = client.get(clue.get_absolute_url()).text
    assert f'<a href="{finding.get_absolute_url()}">{finding}</a>' in sources


@pytest.mark.django_db
def test_a_proposal_leads_back_to_its_clue(client, signed, discipline_handler, office_staff):
    services.result_report(clue=signed, by=discipline_handler, disposition="conclude",
                           summary="属实", is_final=True)
    proposal = services.proposal_make(by=office_staff, kind="accountability",
                                      opinion="建议诫勉谈话", clue=signed)
    client.force_login(office_staff)
    page = client.get(proposal.get_absolute_url()).text
    assert f'<a href="{signed.get_absolute_url()}" data-testid="proposal-clue">' in page


@pytest.mark.django_db
def test_a_reader_who_may_not_report_learns_nothing_from_the_form(client, signed,
                                                                  office_staff):
    client.force_login(office_staff)  # sees the clue, but the organ reports its result
    refused = client.post(reverse("clues:clue_action", args=[signed.pk, "report_result"]),
                          _result_post(signed, **{"0_name": "张某"}))
    assert refused.status_code == 403
    assert "处理结果" not in refused.content.decode()
    assert SecurityEvent.objects.filter(kind="access_denied", user=office_staff).exists()
    assert not signed.results.exists()


@pytest.mark.django_db
def test_a_name_longer_than_fifty_characters_is_refused(signed, discipline_handler):
    from clues.models import ResultPerson

    with pytest.raises(ValidationError) as refused:
        services.result_report(clue=signed, by=discipline_handler, disposition="conclude",
                               summary="x", people=[("张" * 51, 1)])
    assert "人员" in str(refused.value)
    assert not ResultPerson.objects.exists()


@pytest.mark.django_db
def test_a_result_names_each_person_once_and_at_most_fifty(signed, discipline_handler):
    from clues.models import ResultPerson

    def report(people):
        return services.result_report(clue=signed, by=discipline_handler,
                                      disposition="conclude", summary="x", people=people)

    with pytest.raises(ValidationError, match="张某已在上方列出"):
        report([("张某", 2), ("李某", 1), (" 张某", 3)])
    with pytest.raises(ValidationError, match="最多 50 人"):
        report([(f"人员{n}", 1) for n in range(51)])
    assert not ResultPerson.objects.exists()
    report([(f"人员{n}", 1) for n in range(50)])
    assert ResultPerson.objects.count() == 50


def _rows(clue, rows, total=None):
    data = _result_post(clue)
    data["people-TOTAL_FORMS"] = str(total if total is not None else len(rows))
    for n, (name, outcome) in enumerate(rows):
        data[f"people-{n}-name"], data[f"people-{n}-outcome"] = name, outcome
    return data


@pytest.mark.django_db
def test_the_result_form_counts_named_people_not_rows(client, signed, discipline_handler):
    client.force_login(discipline_handler)
    url = reverse("clues:clue_action", args=[signed.pk, "report_result"])
    twice = client.post(url, _rows(signed, [("张某", "1"), ("李某", "2"), ("张某", "3")]))
    assert twice.status_code == 200 and "张某已在上方列出" in twice.text
    assert not signed.results.exists()
    too_many = client.post(url, _rows(signed, [(f"人员{n}", "1") for n in range(51)]))
    assert too_many.status_code == 200 and too_many.text.count("最多 50 人") == 1
    # Blank rows are nobody: 50 people among 60 rows is a result.
    fifty = [(f"人员{n}", "1") for n in range(50)] + [("", "")] * 10
    assert client.post(url, _rows(signed, fifty)).status_code == 302
    assert signed.results.get().people.count() == 50


@pytest.mark.django_db
def test_a_form_without_its_row_count_says_so_once(client, signed, discipline_handler):
    client.force_login(discipline_handler)
    url = reverse("clues:clue_action", args=[signed.pk, "report_result"])
    data = {key: value for key, value in _result_post(signed).items()
            if not key.startswith("people-")}
    refused = client.post(url, data)
    assert refused.status_code == 200 and not signed.results.exists()
    assert refused.text.count("人员名单未完整提交") == 1 and "ManagementForm" not in refused.text


@pytest.mark.django_db
def test_a_clue_naming_more_people_than_a_result_holds_leaves_the_rest_for_later(
        client, signed, discipline_handler):
    signed.persons = "\n".join(f"人员{n}，某处，科员" for n in range(53))
    signed._change_reason = "edit"
    signed.save()
    client.force_login(discipline_handler)
    page = client.get(signed.get_absolute_url()).text
    assert 'name="people-49-name" value="人员49"' in page
    assert 'name="people-50-name"' not in page and 'value="人员50"' not in page
    assert "还有 3 人超出一次报告的上限（50 人）" in page
    assert re.search(r"<button[^>]*data-add-row[^>]* disabled", page)


@pytest.mark.django_db
def test_a_repeated_name_is_marked_on_its_own_row_and_a_forged_row_count_refused(
        client, signed, discipline_handler):
    client.force_login(discipline_handler)
    url = reverse("clues:clue_action", args=[signed.pk, "report_result"])
    twice = client.post(url, _rows(signed, [("张某", "1"), ("李某", "2"), ("张某", "3")]))
    # The form marks the third row itself; the service's numbered message never comes into it.
    error = re.search(r'id="id_people-2-name_error"><li>([^<]*)</li>', twice.text)
    assert error and error[1] == "张某已在上方列出。"
    assert "第 3 位人员" not in twice.text
    forged = client.post(url, _rows(signed, [("张某", "1")], total=1000))
    assert forged.status_code == 200 and not signed.results.exists()

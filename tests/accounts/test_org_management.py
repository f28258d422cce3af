import html
import re

import pytest
from django.urls import reverse

from accounts.models import OfficeMember, OrgUnit, User
from tests.factories import OrgUnitFactory, UserFactory

ROLES = ["sysadmin", "security_officer", "auditor", "office_staff", "leadership_member",
         "party_member", "unit_contact", "discipline_handler", "plain_user"]
# The system administrator manages units and people (三员); the security officer and the office
# read them; the auditor reads only the security log. Others get 403 on pages, 404 on objects.
EXPECTED = {
    "accounts:orgunit_list": [200, 200, 403, 200, 403, 403, 403, 403, 403],
    "accounts:user_list": [200, 200, 403, 200, 403, 403, 403, 403, 403],
    "accounts:role_list": [200, 200, 403, 200, 403, 403, 403, 403, 403],
    "accounts:orgunit_create": [200, 403, 403, 403, 403, 403, 403, 403, 403],
}


CASES = [(url, role, code) for url, codes in EXPECTED.items()
         for role, code in zip(ROLES, codes, strict=True)]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "role", "expected"), CASES)
def test_management_pages_by_role(client, request, url, role, expected):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(url)).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES[4:])
def test_unit_detail_is_404_outside_the_office(client, request, unit_a, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("accounts:orgunit_detail", args=[unit_a.pk])).status_code == 404


@pytest.mark.django_db
def test_other_people_are_404_but_oneself_is_visible(client, unit_contact, unit_b_contact):
    client.force_login(unit_contact)
    assert client.get(reverse("accounts:user_detail", args=[unit_b_contact.pk])).status_code == 404
    assert client.get(reverse("accounts:user_detail", args=[unit_contact.pk])).status_code == 200


@pytest.mark.django_db
def test_the_system_administrator_creates_a_unit_with_history(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(reverse("accounts:orgunit_create"), {
        "name": "青海省新建测试中心", "kind": "unit", "sort_order": 5, "is_active": "on",
    })
    unit = OrgUnit.objects.get(name="青海省新建测试中心")
    assert response.status_code == 302
    assert unit.history.get().history_user == sysadmin
    detail = client.get(unit.get_absolute_url())
    assert "青海省新建测试中心" in detail.text
    assert "变更记录" in detail.text


@pytest.mark.django_db
def test_receiving_organ_needs_a_kind_and_input_is_kept(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(reverse("accounts:orgunit_create"), {
        "name": "某承办机关", "kind": "division", "is_receiving_organ": "on", "sort_order": 1,
    })
    assert response.status_code == 200
    assert "请选择承办机关类别" in response.text
    assert 'value="某承办机关"' in response.text
    assert not OrgUnit.objects.filter(name="某承办机关").exists()


@pytest.mark.django_db
def test_stale_edit_is_refused_not_lost(client, sysadmin, unit_a):
    client.force_login(sysadmin)
    url = reverse("accounts:orgunit_edit", args=[unit_a.pk])
    form = {"name": "改名一", "kind": "unit", "sort_order": 0, "is_active": "on",
            "version": unit_a.version}
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "name": "改名二"})
    assert response.status_code == 200
    assert "该记录已被他人修改" in response.text
    assert 'value="改名二"' in response.text
    unit_a.refresh_from_db()
    assert unit_a.name == "改名一"


@pytest.mark.django_db
def test_a_unit_cannot_be_placed_under_its_own_child(client, sysadmin, unit_a):
    child = OrgUnitFactory(parent=unit_a)
    client.force_login(sysadmin)
    response = client.post(reverse("accounts:orgunit_edit", args=[unit_a.pk]), {
        "name": unit_a.name, "kind": "unit", "parent": child.pk, "sort_order": 0,
        "version": unit_a.version,
    })
    assert response.status_code == 200
    unit_a.refresh_from_db()
    assert unit_a.parent is None


@pytest.mark.django_db
def test_a_new_person_sets_their_own_password_through_the_link(
        client, sysadmin, unit_a, mailoutbox, django_capture_on_commit_callbacks):
    """Nobody but the person ever knows a password (issue: the office knew everyone's)."""
    client.force_login(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_create"), {
            "username": "zhangsan", "full_name": "张三", "org_unit": unit_a.pk,
            "email": "zhangsan@example.org"})
    assert response.status_code == 302
    person = User.objects.get(username="zhangsan")
    assert not person.has_usable_password()
    assert person.history.get().history_user == sysadmin
    [mail] = mailoutbox
    assert mail.to == ["zhangsan@example.org"]
    link = re.search(r"http://\S+/account/activate/\S+/", mail.body).group(0)
    path = link.split("127.0.0.1:8000", 1)[1]

    client.logout()
    weak = client.post(path, {"new_password1": "qinghai2026", "new_password2": "qinghai2026"})
    assert weak.status_code == 200 and "至少使用" in weak.text
    strong = client.post(path, {"new_password1": "Qinghai-2026-secure",
                                "new_password2": "Qinghai-2026-secure"})
    assert strong.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Qinghai-2026-secure")
    # Used once: the same link no longer sets a password.
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_a_forgotten_password_gets_a_new_link_not_a_password(
        client, sysadmin, office_staff, mailoutbox, django_capture_on_commit_callbacks):
    office_staff.email = "liaison@example.org"
    office_staff.save()
    client.force_login(sysadmin)
    url = reverse("accounts:user_account_action", args=[office_staff.pk, "issue_activation"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    office_staff.refresh_from_db()
    assert not office_staff.has_usable_password()
    assert mailoutbox[-1].to == ["liaison@example.org"]
    page = client.get(office_staff.get_absolute_url()).text
    assert "/account/activate/" not in page  # the administrator never sees the link


@pytest.mark.django_db
def test_the_security_officer_grants_and_removes_a_role_with_confirmation(client,
                                                                          security_officer):
    person = UserFactory(full_name="新联络员")
    client.force_login(security_officer)
    response = client.post(reverse("accounts:role_create", args=["office"]), {
        "user": person.pk, "position": "liaison",
    })
    assert response.status_code == 302
    record = OfficeMember.objects.get(user=person)
    assert set(person.groups.values_list("name", flat=True)) == {"office"}

    remove_url = reverse("accounts:role_remove", args=["office", record.pk])
    confirmation = client.get(remove_url)
    assert "新联络员" in confirmation.text and "立即失去" in confirmation.text
    assert OfficeMember.objects.filter(pk=record.pk).exists()
    assert client.post(remove_url).status_code == 302
    assert not OfficeMember.objects.filter(pk=record.pk).exists()
    assert not person.groups.exists()


@pytest.mark.django_db
def test_a_liaison_cannot_grant_roles_and_nobody_grants_their_own(client, office_director,
                                                                  office_staff,
                                                                  security_officer):
    """The privilege escalation of the security review: a liaison made himself director."""
    from audit.models import SecurityEvent

    client.force_login(office_staff)
    own = OfficeMember.objects.get(user=office_staff)
    response = client.post(reverse("accounts:role_edit", args=["office", own.pk]),
                           {"user": office_staff.pk, "position": "director",
                            "version": own.version})
    assert response.status_code == 403 and "安全保密管理员" in response.text
    assert OfficeMember.objects.get(user=office_staff).position == "liaison"
    assert client.post(reverse("accounts:role_create", args=["leadership_group"]),
                       {"user": office_staff.pk, "position": "member"}).status_code == 403
    assert not office_staff.groups.filter(name="leadership_group").exists()
    assert SecurityEvent.objects.filter(kind="access_denied", user=office_staff).exists()

    # Not even the director grants roles any more, and the security officer never their own.
    client.force_login(office_director)
    director = OfficeMember.objects.get(user=office_director)
    assert client.post(reverse("accounts:role_remove", args=["office", director.pk])
                       ).status_code == 403
    client.force_login(security_officer)
    response = client.post(reverse("accounts:role_create", args=["office"]),
                           {"user": security_officer.pk, "position": "liaison"})
    assert response.status_code == 403 and "自己" in response.text
    assert OfficeMember.objects.filter(user=office_director).exists()



@pytest.mark.django_db
def test_unknown_role_kind_is_404(client, office_staff):
    client.force_login(office_staff)
    assert client.get(reverse("accounts:role_create", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_lists_are_searchable_and_paginated(client, office_staff, django_assert_max_num_queries):
    for n in range(30):
        OrgUnitFactory(name=f"分页单位{n:02d}")
        OrgUnitFactory(name=f"其他单位{n:02d}")
        UserFactory(full_name=f"分页人员{n:02d}")
    client.force_login(office_staff)
    with django_assert_max_num_queries(8):
        first = client.get(reverse("accounts:orgunit_list"), {"q": "分页单位"})
    assert len(re.findall(r">分页单位\d\d<", first.text)) == 25
    # Follow the page's own "next" link, as a user would: it must keep the search and move on.
    next_href = html.unescape(re.search(r'<a class="page-link" href="([^"]+)">下一页', first.text)
                              .group(1))
    second = client.get(reverse("accounts:orgunit_list") + next_href)
    assert len(re.findall(r">分页单位\d\d<", second.text)) == 5
    assert "分页单位29" in second.text and "分页单位00" not in second.text
    assert "其他单位" not in second.text
    with django_assert_max_num_queries(8):
        people = client.get(reverse("accounts:user_list"), {"q": "分页人员"})
    assert len(re.findall(r">分页人员\d\d<", people.text)) == 25


@pytest.mark.django_db
def test_role_list_queries_do_not_grow_with_records(client, office_staff, unit_a,
                                                    django_assert_max_num_queries):
    from accounts.models import UnitContact
    from tests.factories import grant

    for _ in range(20):
        grant(UnitContact, UserFactory(), unit=unit_a, position=UnitContact.Position.CONTACT)
    client.force_login(office_staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("accounts:role_list")).status_code == 200

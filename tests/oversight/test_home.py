import pytest
from django.urls import reverse

from accounts.models import PartyGroupMember


@pytest.mark.django_db
def test_office_home_names_the_units_still_without_a_contact(
        client, office_staff, unit_contact, unit_b, django_assert_max_num_queries):
    client.force_login(office_staff)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("oversight:home"))
    assert "巡察办 · 联络员" in page.text
    assert "2个被巡察单位" in page.text and "1个尚无联系人" in page.text
    assert unit_b.get_absolute_url() in page.text and "青海省乙测试院" in page.text
    assert unit_contact.org_unit is None or "田联络" not in page.text
    assert reverse("accounts:role_list") in page.text


@pytest.mark.django_db
def test_party_member_home_shows_only_supervised_units(client, party_member, unit_b):
    client.force_login(party_member)
    page = client.get(reverse("oversight:home"))
    assert "一岗双责" in page.text
    assert "青海省甲测试院" in page.text
    assert "青海省乙测试院" not in page.text
    assert reverse("accounts:role_list") not in page.text


@pytest.mark.django_db
def test_only_the_secretary_is_labelled_secretary(client, party_member):
    client.force_login(party_member)
    assert "党组书记" not in client.get(reverse("oversight:home")).text
    secretary = PartyGroupMember.objects.get(user=party_member)
    secretary.is_secretary = True
    secretary.save()
    assert "党组书记" in client.get(reverse("oversight:home")).text


@pytest.mark.django_db
def test_unit_contact_home_shows_own_unit_only(client, unit_contact, unit_b_contact):
    client.force_login(unit_contact)
    page = client.get(reverse("oversight:home"))
    assert "青海省甲测试院" in page.text
    assert "青海省乙测试院" not in page.text and "白联络" not in page.text
    assert reverse("accounts:orgunit_list") not in page.text


@pytest.mark.django_db
def test_organ_handler_home_names_the_organ(client, discipline_handler):
    client.force_login(discipline_handler)
    assert "驻厅纪检监察组（测试）" in client.get(reverse("oversight:home")).text


@pytest.mark.django_db
def test_leadership_home_lists_the_group(client, leadership_member):
    client.force_login(leadership_member)
    page = client.get(reverse("oversight:home"))
    assert "巡察工作领导小组" in page.text and "孙成员" in page.text


@pytest.mark.django_db
def test_person_without_role_is_told_whom_to_ask(client, plain_user):
    client.force_login(plain_user)
    assert "请联系巡察办" in client.get(reverse("oversight:home")).text


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("oversight:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))

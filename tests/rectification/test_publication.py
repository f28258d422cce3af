import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from rectification import services


@pytest.fixture
def publication(approved_plan, office_director):
    return services.publication_save(
        inspection=approved_plan.inspection, by=office_director, channel="portal",
        title="关于[[高振华]]同志所在单位巡察整改情况的通报",
        text="[[高振华]]同志主持整改，[[罗建平]]同志具体负责。")


@pytest.mark.django_db
def test_preview_redacts_marked_names_and_drops_withheld_items(client, publication,
                                                              approved_plan, office_staff):
    item = approved_plan.items.first()
    assert services.public_preview(publication)["items"][0]["measure"] == item.measure
    with pytest.raises(ValidationError):
        services.publication_withhold(publication=publication, by=office_staff, item=item,
                                      reason="open_case", note="")
    services.publication_withhold(publication=publication, by=office_staff, item=item,
                                  reason="open_case", note="相关问题线索正在核查")
    preview = services.public_preview(publication)
    assert preview["text"] == "高某同志主持整改，罗某同志具体负责。"
    assert "高振华" not in preview["title"] and preview["items"] == []

    client.force_login(office_staff)
    page = client.get(publication.get_absolute_url()).text
    preview_html = page.split('data-testid="preview"')[1].split("</article>")[0]
    assert "高振华" not in preview_html and "高某" in preview_html
    assert "在办案件" in page


@pytest.mark.django_db
def test_office_approves_then_publishes_and_it_is_frozen(client, publication, office_staff,
                                                         office_director, approved_plan):
    """Drafted by the director, approved by another office member (not the drafter)."""
    with pytest.raises(PermissionDenied, match="由您起草"):
        services.publication_approve(publication=publication, by=office_director,
                                     expected_version=publication.version)
    client.force_login(office_staff)
    url = reverse("rectification:publication_action", args=[publication.pk])
    client.post(url, {"action": "approve", "version": publication.version})
    publication.refresh_from_db()
    assert (publication.status, publication.approved_by) == ("approved", office_staff)
    client.post(url, {"action": "publish", "version": publication.version})
    publication.refresh_from_db()
    assert publication.status == "published" and publication.published_on is not None
    with pytest.raises(ValidationError):
        services.publication_withhold(publication=publication, by=office_director,
                                      item=approved_plan.items.first(), reason="secret",
                                      note="x")


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "expected"), [
    ("office_staff", 200), ("leadership_member", 200), ("team_leader", 404),
    ("unit_contact", 404), ("party_member", 404),
])
def test_publication_drafts_are_for_the_office_and_leadership(client, request, publication,
                                                              role, expected):
    client.force_login(request.getfixturevalue(role))
    assert client.get(publication.get_absolute_url()).status_code == expected

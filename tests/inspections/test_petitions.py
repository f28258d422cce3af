import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from audit.models import SecurityEvent
from inspections import services
from inspections.models import Petition


@pytest.fixture
def announced(notified, team_leader):
    return services.announcement_publish(
        inspection=notified, by=team_leader, body="巡察公告正文", schedule="9月14日至10月15日",
        address="甲院3楼", mailbox="西宁市1号信箱", phone="0971-1234567")


@pytest.fixture
def petition(notified, team_member):
    return services.petition_receive(
        inspection=notified, by=team_member, channel="letter", subject="反映违规发放补贴",
        content="2025年违规发放加班补贴", reporter_name="赵某", reporter_contact="13800000000")


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "page", "identity"), [
    ("team_leader", 200, True),
    ("office_director", 200, True),
    ("deputy", 200, False),
    ("team_member", 200, False),
    ("office_staff", 404, False),
    ("unit_contact", 404, False),
    ("leadership_member", 404, False),
])
def test_reporter_identity_is_for_the_leader_and_office_director(client, request, petition,
                                                                 role, page, identity):
    viewer = request.getfixturevalue(role)
    client.force_login(viewer)
    response = client.get(reverse("inspections:petition_detail", args=[petition.pk]))
    assert response.status_code == page
    assert ("13800000000" in response.text) is identity
    assert SecurityEvent.objects.filter(
        kind="sensitive_read", user=viewer, target=f"petition_reporter:{petition.pk}"
    ).exists() is identity


@pytest.mark.django_db
def test_petition_text_and_identity_are_encrypted_at_rest(petition):
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM inspections_petition WHERE id = %s", [petition.pk])
        content = cursor.fetchone()[0]
        cursor.execute("SELECT name, contact FROM inspections_petitionreporter "
                       "WHERE petition_id = %s", [petition.pk])
        name, contact = cursor.fetchone()
    assert "加班补贴" not in content and "赵某" not in name and "138" not in contact


@pytest.mark.django_db
def test_triage_by_the_deputy_closes_with_an_outcome(petition, deputy, team_member):
    with pytest.raises(Exception, match="组长或副组长"):
        services.petition_triage(petition=petition, by=team_member, action="review",
                                 expected_version=petition.version)
    closed = services.petition_triage(petition=petition, by=deputy, action="close",
                                      outcome="verify", note="列入核查",
                                      expected_version=petition.version)
    assert (closed.status, closed.outcome) == (Petition.Status.CLOSED, "verify")


def rendered_seconds_ago(monkeypatch, seconds):
    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - seconds)
    token = signing.TimestampSigner(salt="petition").sign("form")
    monkeypatch.setattr(signing.time, "time", real)
    return token


@pytest.mark.django_db
def test_public_form_takes_an_anonymous_report(client, announced, monkeypatch):
    url = reverse("inspections:public_petition", args=[announced.petition_token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"subject": "反映公车私用", "content": "周末多次私用公车",
                                 "rendered": rendered_seconds_ago(monkeypatch, 30)})
    assert response.status_code == 302 and response["Location"] == url
    petition = Petition.objects.get(subject="反映公车私用")
    assert petition.reference in client.get(url).text
    assert 'name="subject"' in client.get(url).text  # a reload: the form again, nothing sent
    assert (petition.channel, petition.recorded_by, petition.reporter.name) == (
        "online", None, "")


@pytest.mark.django_db
@pytest.mark.parametrize(("extra", "seconds", "message"), [
    ({"website": "http://spam.example"}, 30, "无法受理"),
    ({}, 0, "提交过快"),
    ({}, 3 * 3600, "已过期"),
])
def test_public_form_turns_away_bots_and_keeps_the_text(client, announced, monkeypatch, extra,
                                                       seconds, message):
    url = reverse("inspections:public_petition", args=[announced.petition_token])
    response = client.post(url, {"subject": "主题", "content": "我写的内容",
                                 "rendered": rendered_seconds_ago(monkeypatch, seconds),
                                 **extra})
    assert response.status_code == 200 and message in response.text
    assert "我写的内容" in response.text
    assert not Petition.objects.exists()


@pytest.mark.django_db
def test_public_form_is_rate_limited_and_unknown_tokens_are_404(client, announced,
                                                                monkeypatch):
    cache.clear()
    url = reverse("inspections:public_petition", args=[announced.petition_token])
    for n in range(5):
        ok = client.post(url, {"subject": f"第{n}件", "content": "内容",
                               "rendered": rendered_seconds_ago(monkeypatch, 30)})
        assert ok.status_code == 302
    limited = client.post(url, {"subject": "第6件", "content": "内容",
                                "rendered": rendered_seconds_ago(monkeypatch, 30)})
    assert limited.status_code == 429 and Petition.objects.count() == 5
    other = reverse("inspections:public_petition",
                    args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(other).status_code == 404


@pytest.mark.django_db
def test_an_expired_form_can_be_sent_again_as_promised(client, announced, monkeypatch):
    import re

    url = reverse("inspections:public_petition", args=[announced.petition_token])
    expired = client.post(url, {"subject": "主题", "content": "保留的内容",
                                "rendered": rendered_seconds_ago(monkeypatch, 3 * 3600)})
    fresh = re.search(r'name="rendered" value="([^"]+)"', expired.text).group(1)
    monkeypatch.setattr(signing.time, "time", lambda real=time.time: real() + 10)
    resent = client.post(url, {"subject": "主题", "content": "保留的内容", "rendered": fresh},
                         follow=True)
    assert "XC" in resent.text and Petition.objects.count() == 1


@pytest.mark.django_db
def test_the_leader_triages_a_petition_through_the_page(client, petition, team_leader):
    """The page's two buttons, posted as the browser posts them (version from the form)."""
    client.force_login(team_leader)
    url = reverse("inspections:petition_triage", args=[petition.pk])
    response = client.post(url, {"action": "review", "version": petition.version})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == Petition.Status.UNDER_REVIEW
    response = client.post(url, {"action": "close", "outcome": "clue", "note": "转线索",
                                 "version": petition.version}, follow=True)
    assert response.status_code == 200
    petition.refresh_from_db()
    assert (petition.status, petition.outcome) == (Petition.Status.CLOSED, "clue")

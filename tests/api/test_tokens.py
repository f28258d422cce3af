"""API tokens: created from a verified session, scoped, expiring, revocable, hashed, logged."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test import Client
from django.urls import reverse

from accounts import services as accounts
from accounts.models import UnitContact
from api import services
from api.models import ApiToken, Scope
from audit.models import SecurityEvent
from deadlines import clock
from deadlines.models import Notification
from tests.factories import UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
ITEMS = "/api/v1/rectification/items/"


def _token(user, scopes=(Scope.READ,), days=30):
    return services.token_create(by=user, name="单位整改台账系统", scopes=list(scopes), days=days,
                                 verified=True)


def _auth(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.django_db
def test_no_or_a_wrong_token_is_401_in_the_one_error_shape(client, unit_contact):
    _token(unit_contact)
    missing = client.get(ITEMS)
    assert missing.status_code == 401
    assert missing["WWW-Authenticate"].startswith("Bearer")
    assert missing.json()["code"] == "not_authenticated"
    wrong = client.get(ITEMS, **_auth("xc_00000000_not-the-secret"))
    assert wrong.status_code == 401
    assert wrong.json() == {"code": "bad_token", "message": "令牌无效、已过期或已撤销。"}


@pytest.mark.django_db
def test_a_right_prefix_with_a_wrong_secret_is_refused(client, unit_contact):
    token, secret = _token(unit_contact)
    assert client.get(ITEMS, **_auth(secret)).status_code == 200
    forged = f"xc_{token.prefix}_{'A' * 43}"
    assert client.get(ITEMS, **_auth(forged)).status_code == 401


@pytest.mark.django_db
def test_only_the_hash_is_stored(unit_contact):
    token, secret = _token(unit_contact)
    assert secret.startswith(f"xc_{token.prefix}_")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert secret.split("_", 2)[2] not in stored
    assert len(token.digest) == 64


@pytest.mark.django_db
def test_a_token_works_until_its_expiry_and_not_after(client, unit_contact):
    token, secret = _token(unit_contact, days=30)
    with clock.frozen(token.expires_at - timedelta(minutes=1)):
        assert client.get(ITEMS, **_auth(secret)).status_code == 200
    with clock.frozen(token.expires_at):
        assert client.get(ITEMS, **_auth(secret)).status_code == 401


@pytest.mark.django_db
def test_a_revoked_token_and_a_disabled_account_are_refused(client, unit_contact, sysadmin):
    token, secret = _token(unit_contact)
    other, other_secret = _token(unit_contact)
    services.token_revoke(token=token, by=unit_contact)
    assert client.get(ITEMS, **_auth(secret)).status_code == 401
    assert client.get(ITEMS, **_auth(other_secret)).status_code == 200
    accounts.user_disable(user=unit_contact, by=sysadmin, reason="离岗")
    assert client.get(ITEMS, **_auth(other_secret)).status_code == 401


@pytest.mark.django_db
def test_a_read_token_cannot_write(client, approved_plan, unit_contact):
    _made, secret = _token(unit_contact, scopes=[Scope.READ])
    item = approved_plan.items.get()
    response = client.post(f"{ITEMS}{item.pk}/report/",
                           {"action": "start", "progress": "已启动", "version": item.version},
                           content_type="application/json", **_auth(secret))
    assert response.status_code == 403
    assert response.json()["code"] == "scope"
    item.refresh_from_db()
    assert item.status == "open"


@pytest.mark.django_db
def test_a_write_token_without_read_cannot_list(client, unit_contact):
    _made, secret = _token(unit_contact, scopes=[Scope.ITEM_PROGRESS])
    assert client.get(ITEMS, **_auth(secret)).status_code == 403


@pytest.mark.django_db
def test_a_token_asks_only_for_what_the_role_can_use(unit_contact, office_staff):
    with pytest.raises(ValidationError) as refused:
        _token(unit_contact, scopes=[Scope.READ, Scope.CALENDAR])
    assert "scopes" in refused.value.error_dict
    _token(office_staff, scopes=[Scope.READ, Scope.CALENDAR, Scope.FILING])


@pytest.mark.django_db
@pytest.mark.parametrize("days", [0, 7, 366, 1000])
def test_the_lifetime_is_one_of_the_offered(unit_contact, days):
    with pytest.raises(ValidationError):
        _token(unit_contact, days=days)


@pytest.mark.django_db
def test_a_role_with_a_second_factor_creates_tokens_only_once_it_is_confirmed(
        settings, office_staff, unit_contact):
    settings.SECOND_FACTOR_REQUIRED = True
    with pytest.raises(ValidationError, match="第二重"):
        services.token_create(by=office_staff, name="OA", scopes=[Scope.READ], days=30,
                              verified=False)
    services.token_create(by=office_staff, name="OA", scopes=[Scope.READ], days=30,
                          verified=True)
    # A unit contact's role needs no second factor (DESIGN §3).
    services.token_create(by=unit_contact, name="台账", scopes=[Scope.READ], days=30,
                          verified=False)


@pytest.mark.django_db
def test_the_administrators_do_not_hold_tokens(sysadmin, auditor, security_officer):
    for person in (sysadmin, auditor, security_officer):
        with pytest.raises(PermissionDenied):
            _token(person)


@pytest.mark.django_db
def test_creation_revocation_and_each_days_first_use_are_logged(client, unit_contact):
    def events():
        return list(SecurityEvent.objects.filter(kind=SecurityEvent.Kind.API_TOKEN)
                    .order_by("seq").values_list("detail__change", flat=True))

    token, secret = _token(unit_contact)
    assert events() == ["created"]
    day = datetime(2026, 11, 26, 9, tzinfo=SHANGHAI)
    for minutes in (0, 5, 300):
        with clock.frozen(day + timedelta(minutes=minutes)):
            assert client.get(ITEMS, **_auth(secret)).status_code == 200
    assert events() == ["created", "first_use_today"]
    with clock.frozen(day + timedelta(days=1)):
        client.get(ITEMS, **_auth(secret))
    assert events() == ["created", "first_use_today", "first_use_today"]
    token.refresh_from_db()
    assert token.last_used_at == day + timedelta(days=1)
    services.token_revoke(token=token, by=unit_contact)
    assert events()[-1] == "revoked"


@pytest.mark.django_db
def test_each_token_has_its_own_rate_limit(client, settings, unit_contact):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"token": "2/minute"}}
    _first, busy = _token(unit_contact)
    _second, calm = _token(unit_contact)
    assert [client.get(ITEMS, **_auth(busy)).status_code for _ in range(2)] == [200, 200]
    refused = client.get(ITEMS, **_auth(busy))
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert client.get(ITEMS, **_auth(calm)).status_code == 200


@pytest.mark.django_db
def test_only_the_holder_or_the_security_officer_revokes(unit_contact, unit_b_contact,
                                                         security_officer):
    token, _secret = _token(unit_contact)
    with pytest.raises(Http404):
        services.token_revoke(token=token, by=unit_b_contact)
    services.token_revoke(token=token, by=security_officer)
    told = Notification.objects.get(recipient=unit_contact)
    assert "安全保密管理员撤销了您的接口令牌" in told.title
    with pytest.raises(ValidationError, match="已撤销"):
        services.token_revoke(token=token, by=unit_contact)


# Interface accounts --------------------------------------------------------------------------

@pytest.fixture
def ledger_system(db, unit_a):
    from accounts.models import UnitContact

    system = UserFactory(username="unit_a_ledger", full_name="甲院整改台账系统", api_only=True)
    UnitContact.objects.create(user=system, unit=unit_a, position="contact")
    accounts.user_groups_sync(user=system)
    return system


@pytest.mark.django_db
def test_an_interface_account_never_signs_in_with_a_password(client, ledger_system):
    ledger_system.set_password("Correct-horse-9")
    ledger_system.save()
    response = client.post(reverse("login"), {"username": "unit_a_ledger",
                                              "password": "Correct-horse-9"})
    assert response.status_code == 200  # the form again, not a redirect into the system
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_security_officer_issues_an_interface_accounts_tokens(
        client, ledger_system, security_officer, office_director, unit_contact, approved_plan):
    with pytest.raises(PermissionDenied):
        services.token_issue(by=office_director, holder=ledger_system, name="台账",
                             scopes=[Scope.READ], days=90, verified=True)
    with pytest.raises(ValidationError):  # a person's account is not an interface account
        services.token_issue(by=security_officer, holder=unit_contact, name="台账",
                             scopes=[Scope.READ], days=90, verified=True)
    with pytest.raises(PermissionDenied):  # and an interface account makes none itself
        _token(ledger_system)
    token, secret = services.token_issue(
        by=security_officer, holder=ledger_system, name="台账",
        scopes=[Scope.READ, Scope.ITEM_PROGRESS], days=90, verified=True)
    assert token.created_by == security_officer and token.user == ledger_system
    items = client.get(ITEMS, **_auth(secret)).json()["results"]
    assert [item["id"] for item in items] == list(approved_plan.items.values_list("pk",
                                                                                   flat=True))
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.API_TOKEN,
                                        detail__change="issued").count() == 1


# The pages -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_token_page_shows_the_secret_once_and_lists_the_token(client, unit_contact):
    client.force_login(unit_contact)
    page = client.get(reverse("api:token_list"))
    assert page.status_code == 200
    assert "上报整改进展" in page.text
    assert "维护工作日历" not in page.text  # not the unit's to do
    made = client.post(reverse("api:token_create"),
                       {"name": "甲院台账", "scopes": ["read", "item_progress"], "days": "90"})
    assert made.status_code == 201
    assert made["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    secret = made.context["secret"]
    assert secret.startswith(f"xc_{token.prefix}_") and secret in made.text
    listed = client.get(reverse("api:token_list"))
    assert "甲院台账" in listed.text and secret not in listed.text
    assert client.get(ITEMS, **_auth(secret)).status_code == 200


@pytest.mark.django_db
def test_a_refused_token_form_keeps_what_was_typed(client, unit_contact):
    client.force_login(unit_contact)
    refused = client.post(reverse("api:token_create"),
                          {"name": "甲院台账", "scopes": [], "days": "90"})
    assert refused.status_code == 400
    assert 'value="甲院台账"' in refused.text
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db
def test_revoking_from_the_page(client, unit_contact):
    token, secret = _token(unit_contact)
    client.force_login(unit_contact)
    client.post(reverse("api:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get(ITEMS, **_auth(secret)).status_code == 401


@pytest.mark.django_db
def test_a_token_waits_for_the_accounts_duties(client, settings, unit_contact):
    """An expired password must be changed before anything else, a token included."""
    settings.PASSWORD_MAX_AGE_DAYS = 90
    unit_contact.password_changed_at = clock.now() - timedelta(
        days=settings.PASSWORD_MAX_AGE_DAYS + 1)
    unit_contact.save()
    client.force_login(unit_contact)
    refused = client.post(reverse("api:token_create"),
                          {"name": "甲院台账", "scopes": ["read"], "days": "365"})
    assert refused.status_code == 302
    assert refused["Location"] == reverse("accounts:password_change")
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db
def test_the_security_officer_confirms_the_second_factor_before_issuing(
        settings, security_officer, ledger_system):
    settings.SECOND_FACTOR_REQUIRED = True
    with pytest.raises(ValidationError, match="第二重"):
        services.token_issue(by=security_officer, holder=ledger_system, name="台账",
                             scopes=[Scope.READ], days=90, verified=False)
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db
def test_a_session_write_needs_its_csrf_token(approved_plan, unit_contact):
    item = approved_plan.items.get()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(unit_contact)
    refused = browser.post(f"{ITEMS}{item.pk}/report/",
                           {"action": "start", "progress": "已启动", "version": item.version},
                           content_type="application/json")
    assert refused.status_code == 403
    item.refresh_from_db()
    assert item.status == "open"


@pytest.mark.django_db
def test_a_role_change_ends_the_holders_tokens(client, unit_contact, sysadmin,
                                               security_officer):
    """A token outlives neither the roles it was made under nor an account handed a new
    activation link; a token made after the change works."""
    before, before_secret = _token(unit_contact)
    assert client.get(ITEMS, **_auth(before_secret)).status_code == 200
    record = UnitContact.objects.get(user=unit_contact)
    record.position = UnitContact.Position.MAIN_LEADER
    accounts.role_record_save(record=record, by=security_officer,
                              expected_version=record.version)
    assert client.get(ITEMS, **_auth(before_secret)).status_code == 401
    unit_contact.refresh_from_db()
    after, after_secret = _token(unit_contact)
    assert client.get(ITEMS, **_auth(after_secret)).status_code == 200
    # The holder's page says why the old one stopped; it is no longer offered for revoking.
    client.force_login(unit_contact)
    page = client.get(reverse("api:token_list"))
    assert "账户的角色或权限变更后已失效" in page.content.decode()
    assert after.pk in page.context["revocable"] and before.pk not in page.context["revocable"]

    unit_contact.email = "tian@example.org"
    unit_contact.save()
    accounts.user_issue_activation(user=unit_contact, by=sysadmin)
    assert Client().get(ITEMS, **_auth(after_secret)).status_code == 401


@pytest.mark.django_db
def test_wrong_tokens_are_logged_and_then_the_address_waits(client, unit_contact):
    _made, secret = _token(unit_contact)
    logged = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.API_TOKEN,
                                          detail__change__in=["refused", "blocked"])
    for attempt in range(10):
        wrong = client.get(ITEMS, **_auth(f"xc_0000000{attempt}_guess"))
        assert wrong.status_code == 401
    assert logged.count() == 10
    assert list(logged.order_by("seq").values_list("target", "ip_address"))[0] == (
        "00000000", "127.0.0.1")
    assert logged.order_by("seq").last().detail["change"] == "blocked"
    # From now on a wrong token from this address waits, and the log stays quiet.
    waiting = client.get(ITEMS, **_auth("xc_00000000_guess"))
    assert waiting.status_code == 429
    assert waiting.json()["code"] == "throttled" and int(waiting["Retry-After"]) > 0
    assert logged.count() == 10
    # The right token still works: the integrations behind the same address keep running.
    assert client.get(ITEMS, **_auth(secret)).status_code == 200
    # Another address is not punished for it.
    assert client.get(ITEMS, REMOTE_ADDR="10.0.0.2",
                      **_auth("xc_00000000_guess")).status_code == 401


@pytest.mark.django_db
def test_nine_wrong_tokens_do_not_lock_the_address(client, unit_contact):
    _made, secret = _token(unit_contact)
    for _attempt in range(9):
        assert client.get(ITEMS, **_auth("xc_00000000_guess")).status_code == 401
    assert client.get(ITEMS, **_auth(secret)).status_code == 200


@pytest.mark.django_db
def test_a_session_with_duties_pending_hears_json_not_a_redirect(client, settings,
                                                                office_staff):
    settings.SECOND_FACTOR_REQUIRED = True
    client.force_login(office_staff)
    refused = client.get(ITEMS)
    assert refused.status_code == 403
    assert refused.json()["code"] == "account_duties"
    assert "第二重" in refused.json()["message"]


@pytest.mark.django_db
def test_an_ended_session_hears_json_401(client, settings, unit_contact):
    client.force_login(unit_contact)
    assert client.get(ITEMS).status_code == 200
    session = client.session
    session["seen_at"] -= settings.SESSION_IDLE_SECONDS + 1
    session.save()
    ended = client.get(ITEMS)
    assert ended.status_code == 401
    assert ended.json()["code"] == "signed_out"


@pytest.mark.django_db
def test_who_may_act_is_answered_before_what_the_body_lacks(client, approved_plan,
                                                           office_staff, transferred):
    """The office sees the item and the transferred clue but acts on neither: an empty body
    hears 403 (the role), not 400 (the missing fields)."""
    client.force_login(office_staff)
    item = approved_plan.items.get()
    for url in (f"{ITEMS}{item.pk}/report/", f"/api/v1/clues/{transferred.pk}/sign-for/",
                f"/api/v1/clues/{transferred.pk}/results/"):
        refused = client.post(url, {}, content_type="application/json")
        assert refused.status_code == 403, url
        assert refused.json()["code"] == "forbidden"
    evidence = client.post(f"{ITEMS}{item.pk}/evidence/", {})
    assert evidence.status_code == 403
    # Only the office keeps the calendar: a team leader's empty body hears who may.
    client.force_login(transferred.inspection.team.memberships.get(position="leader").user)
    calendar = client.post("/api/v1/calendar/overrides/", {}, content_type="application/json")
    assert calendar.status_code == 403 and calendar.json()["code"] == "forbidden"

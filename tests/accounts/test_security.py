"""Accounts people own: lockout, two factors, sessions, the password policy (等保 2.0 L3)."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import services
from accounts.models import OfficeMember, PasswordHistory
from audit.models import SecurityEvent
from tests.factories import PASSWORD, UserFactory, grant


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


# Lockout -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_five_failures_lock_the_account_even_for_the_right_password(client, office_staff):
    for _ in range(4):
        assert sign_in(client, "office_staff", "wrong-password").status_code == 200
    assert sign_in(client, "office_staff", "wrong-password").status_code == 429
    locked = sign_in(client, "office_staff")
    assert locked.status_code == 429 and "登录已锁定30分钟" in locked.text
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind="lockout", username="office_staff").exists()


@pytest.mark.django_db
def test_one_client_guessing_many_accounts_is_locked_out(client, office_staff, unit_contact):
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong-password")
    assert sign_in(client, "unit_a_contact").status_code == 429


@pytest.mark.django_db
def test_the_lock_lifts_after_thirty_minutes(client, office_staff, settings):
    from axes.models import AccessAttempt

    for _ in range(5):
        sign_in(client, "office_staff", "wrong-password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(client, "office_staff").status_code == 302


# Two factors ---------------------------------------------------------------------------------

@pytest.fixture
def two_factors(settings):
    settings.SECOND_FACTOR_REQUIRED = True


@pytest.mark.django_db
def test_the_office_enrols_at_first_login_and_signs_in_with_a_code_later(
        client, office_staff, two_factors):
    assert sign_in(client, "office_staff").status_code == 302
    # Nothing else opens before the second factor is set up.
    response = client.get(reverse("inspections:round_list"))
    assert response.status_code == 302 and "/account/second-factor/" in response.url
    enrol = client.get(response.url)
    assert "<svg" in enrol.text and "扫描" in enrol.text
    device = services.second_factor_pending(user=office_staff)
    wrong = client.post(reverse("accounts:second_factor_enrol"), {"token": "000000"})
    assert "验证码不正确" in wrong.text
    done = client.post(reverse("accounts:second_factor_enrol"), {"token": current_code(device)})
    codes = [line.strip() for line in done.text.split('data-testid="backup-codes">')[1]
             .split("</ul>")[0].replace("<li>", "").split("</li>") if line.strip()]
    assert len(codes) == 10
    assert client.get(reverse("inspections:round_list")).status_code == 200

    client.post(reverse("logout"))
    sign_in(client, "office_staff")
    response = client.get(reverse("inspections:round_list"))
    assert "/account/second-factor/verify/" in response.url
    assert "错误" in client.post(reverse("accounts:second_factor_verify"),
                                {"token": "123456"}).text
    # Each wrong code makes the next try wait (1 s, 2 s, 4 s…); let that wait pass.
    StaticDevice.objects.update(throttling_failure_timestamp=timezone.now() - timedelta(
        seconds=10))
    # A backup code works once.
    assert client.post(reverse("accounts:second_factor_verify"),
                       {"token": codes[0]}).status_code == 302
    assert client.get(reverse("inspections:round_list")).status_code == 200
    client.post(reverse("logout"))
    sign_in(client, "office_staff")
    refused = client.post(reverse("accounts:second_factor_verify"), {"token": codes[0]})
    assert refused.status_code == 200
    assert SecurityEvent.objects.filter(kind="second_factor", user=office_staff,
                                        detail__change="failed").exists()


@pytest.mark.django_db
def test_unit_contacts_need_no_second_factor(client, unit_contact, two_factors):
    sign_in(client, "unit_a_contact")
    assert client.get(reverse("oversight:home")).status_code == 200


@pytest.mark.django_db
def test_demo_accounts_skip_enrolment_only_while_debug_is_on(client, two_factors, settings):
    demo = grant(OfficeMember, UserFactory(username="demo_office", is_demo=True),
                 position=OfficeMember.Position.LIAISON)
    settings.DEBUG = True
    assert not services.requires_second_factor(demo)
    settings.DEBUG = False
    assert services.requires_second_factor(demo)


@pytest.mark.django_db
def test_the_security_officer_resets_a_lost_second_factor(client, office_staff,
                                                          security_officer):
    device = services.second_factor_pending(user=office_staff)
    services.second_factor_confirm(user=office_staff, device=device, token=current_code(device))
    assert services.has_second_factor(office_staff)
    client.force_login(security_officer)
    url = reverse("accounts:user_account_action", args=[office_staff.pk, "reset_second_factor"])
    assert client.post(url).status_code == 302
    assert not services.has_second_factor(office_staff)
    assert SecurityEvent.objects.filter(kind="account_change", user=security_officer,
                                        detail__change="second_factor_reset").exists()


# Sessions ------------------------------------------------------------------------------------

def age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "ago", "message"), [
    ("seen_at", 31 * 60, "超过30分钟未操作"),
    ("started_at", 12 * 3600 + 60, "超过12小时"),
])
def test_idle_and_absolute_limits_end_the_session(client, office_staff, key, ago, message):
    sign_in(client, "office_staff")
    assert client.get(reverse("oversight:home")).status_code == 200
    age_session(client, **{key: ago})
    response = client.get(reverse("oversight:home"), follow=True)
    assert message in response.text and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_activity_keeps_the_session_alive(client, office_staff):
    sign_in(client, "office_staff")
    age_session(client, seen_at=29 * 60)
    assert client.get(reverse("oversight:home")).status_code == 200
    age_session(client, seen_at=29 * 60)
    assert client.get(reverse("oversight:home")).status_code == 200


@pytest.mark.django_db
def test_a_role_change_ends_every_session_of_the_person(client, office_staff, security_officer):
    sign_in(client, "office_staff")
    assert client.get(reverse("oversight:home")).status_code == 200
    record = OfficeMember.objects.get(user=office_staff)
    services.role_record_remove(record=record, by=security_officer)
    response = client.get(reverse("oversight:home"), follow=True)
    assert "角色或账号已变更" in response.text and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_disabling_an_account_ends_its_sessions(client, office_staff, sysadmin):
    sign_in(client, "office_staff")
    services.user_disable(user=office_staff, by=sysadmin, reason="调离")
    response = client.get(reverse("oversight:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_signing_out_clears_the_browser(client, office_staff):
    sign_in(client, "office_staff")
    response = client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'


# Passwords -----------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("password", "refused"), [
    ("qinghai2026x", True),          # two classes
    ("Qh-2026", True),               # too short
    ("office_staff2026!", True),     # like the user name
    ("Qinghai-2026-secure", False),
])
def test_the_password_policy(office_staff, password, refused):
    from django.core.exceptions import ValidationError

    if refused:
        with pytest.raises(ValidationError):
            services.password_set(user=office_staff, raw_password=password)
    else:
        services.password_set(user=office_staff, raw_password=password)


@pytest.mark.django_db
def test_none_of_the_last_five_passwords_again(office_staff):
    from django.core.exceptions import ValidationError

    passwords = [f"Qinghai-{n}-secure!" for n in range(6)]
    for password in passwords:
        services.password_set(user=office_staff, raw_password=password)
    with pytest.raises(ValidationError, match="最近5次"):
        services.password_set(user=office_staff, raw_password=passwords[2])
    services.password_set(user=office_staff, raw_password=passwords[0])  # six ago: allowed
    assert PasswordHistory.objects.filter(user=office_staff).count() == 7


@pytest.mark.django_db
def test_an_expired_password_must_be_changed_first(client, office_staff):
    office_staff.password = make_password(PASSWORD)
    office_staff.password_changed_at = timezone.now() - timedelta(days=91)
    office_staff.save()
    sign_in(client, "office_staff")
    response = client.get(reverse("inspections:round_list"))
    assert response.status_code == 302 and response.url == reverse("accounts:password_change")
    client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Qinghai-2026-secure",
        "new_password2": "Qinghai-2026-secure"})
    assert client.get(reverse("inspections:round_list")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("age", "expired", "prompt"), [
    (75, False, None), (76, False, "须在14天内"), (89, False, "须在1天内"), (90, True, None)])
def test_the_last_two_weeks_prompt_once_then_the_password_expires(client, office_staff, age,
                                                                  expired, prompt):
    office_staff.password = make_password(PASSWORD)
    office_staff.password_changed_at = timezone.now() - timedelta(days=age, hours=1)
    office_staff.save()
    sign_in(client, "office_staff")
    first = client.get(reverse("inspections:round_list"))
    if expired:
        assert first.status_code == 302 and first.url == reverse("accounts:password_change")
        return
    assert first.status_code == 200
    told = [str(m) for m in first.context["messages"]]
    assert any(prompt in m for m in told) if prompt else not any("天内修改密码" in m
                                                                 for m in told)
    again = [str(m) for m in client.get(reverse("inspections:round_list")).context["messages"]]
    assert not any("天内修改密码" in m for m in again)  # once a session


@pytest.mark.django_db
def test_rotation_can_be_turned_off(client, office_staff, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    office_staff.password = make_password(PASSWORD)
    office_staff.password_changed_at = timezone.now() - timedelta(days=3650)
    office_staff.save()
    sign_in(client, "office_staff")
    assert client.get(reverse("inspections:round_list")).status_code == 200

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Administrator, User

THREE = {"sysadmin": "xt_admin,系统管理员,xt@example.cn",
         "security_officer": "aq_admin,安全保密管理员,aq@example.cn",
         "auditor": "sj_admin,安全审计员,sj@example.cn"}


@pytest.mark.django_db
def test_installs_the_three_administrators_who_set_their_own_passwords(
        mailoutbox, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("install_administrators", stdout=out, **THREE)
    kinds = dict(Administrator.objects.values_list("user__username", "kind"))
    assert kinds == {"xt_admin": "sysadmin", "aq_admin": "security_officer",
                     "sj_admin": "auditor"}
    assert not any(user.has_usable_password() for user in User.objects.all())
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "aq@example.cn", "sj@example.cn", "xt@example.cn"]
    assert "/activate/" not in out.getvalue()  # links go to the person, not the console


@pytest.mark.django_db
def test_a_second_installation_is_refused(django_capture_on_commit_callbacks):
    call_command("install_administrators", stdout=StringIO(), **THREE)
    with pytest.raises(CommandError, match="Already installed"):
        call_command("install_administrators", stdout=StringIO(), **{
            "sysadmin": "x2,新系管,x2@example.cn", "security_officer": "a2,新安管,a2@example.cn",
            "auditor": "s2,新审计,s2@example.cn"})
    assert Administrator.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("change", [
    {"auditor": "xt_admin,同一人,xt@example.cn"},   # one person, two duties
    {"auditor": "sj_admin,缺邮箱"},                  # malformed
])
def test_bad_input_installs_nobody(change):
    with pytest.raises(CommandError):
        call_command("install_administrators", stdout=StringIO(), **{**THREE, **change})
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_existing_account_is_not_taken_over(office_staff):
    with pytest.raises(CommandError, match="already exists"):
        call_command("install_administrators", stdout=StringIO(),
                     **{**THREE, "auditor": "office_staff,何联络,hl@example.cn"})
    assert not Administrator.objects.exists()

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"DEBUG", "HTTPS_ONLY", "SECRET_KEY", "STATIC_MANIFEST",
                                 "DJANGO_ALLOW_ASYNC_UNSAFE", "CELERY_TASK_ALWAYS_EAGER",
                                 "SECOND_FACTOR_REQUIRED", "AUDIT_HMAC_KEY"}} | env
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


PRODUCTION = {"SECRET_KEY": "x7#Qp9!vL2@mZ4$wR8^tY6&uI1*oP3(aS5)dF0_gH7+jK2=lB9" * 2,
              "AUDIT_HMAC_KEY": "a-separate-key-for-the-audit-chain-7f3e9c1d5b2a8e4f6c0d",
              "FIELD_ENCRYPTION_KEYS": "BoNP9JNFoH4c73aZPGa2cXBBZ47TSP9XvowmEK04jFE=",
              "SITE_URL": "https://xuncha.example.gov.cn"}


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_warns_without_encryption_keys():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING",
                        **{**PRODUCTION, "FIELD_ENCRYPTION_KEYS": ""})
    assert result.returncode != 0 and "xuncha.W001" in result.stderr


def test_deploy_check_wants_its_own_audit_key():
    derived = PRODUCTION["SECRET_KEY"] + ":audit"
    for key in ("", derived):
        result = run_manage("check", "--deploy", **{**PRODUCTION, "AUDIT_HMAC_KEY": key})
        assert result.returncode != 0 and "xuncha.E002" in result.stderr


def test_deploy_check_wants_the_public_address_printed_on_papers():
    for address in ("http://127.0.0.1:8000", "http://localhost"):
        result = run_manage("check", "--deploy", **{**PRODUCTION, "SITE_URL": address})
        assert result.returncode != 0 and "xuncha.E006" in result.stderr


def test_deploy_check_refuses_signing_in_without_the_second_factor():
    result = run_manage("check", "--deploy", SECOND_FACTOR_REQUIRED="0", **PRODUCTION)
    assert result.returncode != 0 and "xuncha.E003" in result.stderr


def test_production_refuses_to_serve_without_a_secret_key():
    # Management commands run (migration checks need no key) but the deploy check fails...
    assert run_manage("makemigrations", "--check", "--dry-run").returncode == 0
    deploy = run_manage("check", "--deploy")
    assert deploy.returncode != 0 and "xuncha.E001" in deploy.stderr
    # ...and the web entry point refuses to start.
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    serve = subprocess.run([sys.executable, "-c", "import config.wsgi"], cwd=ROOT,
                           env=environment, capture_output=True, text=True, timeout=120)
    assert serve.returncode != 0 and "SECRET_KEY must be set" in serve.stderr


@pytest.mark.django_db
def test_deploy_check_finds_superusers_and_administrators_with_business_roles(office_staff,
                                                                           auditor):
    from django.contrib.auth.models import Group

    from accounts.checks import check_no_superuser_and_separated_administrators as check
    from accounts.models import Role

    assert check(None) == []
    office_staff.is_superuser = True
    office_staff.save()
    # A group added behind the services' back (they refuse it: _exclusive).
    auditor.groups.add(Group.objects.get_or_create(name=Role.OFFICE.value)[0])
    assert sorted(error.id for error in check(None)) == ["xuncha.E004", "xuncha.E005"]

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    page = client.get(reverse("login"))
    assert "巡察通" in page.text and "用户名" in page.text and "登录" in page.text


@pytest.mark.django_db
def test_english_is_available(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    page = client.get(reverse("login"))
    assert "User name" in page.text and "用户名" not in page.text


@pytest.mark.django_db
def test_error_pages_are_chinese(client, plain_user):
    client.force_login(plain_user)
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and "页面不存在" in page.text
    forbidden = client.get(reverse("accounts:orgunit_list"))
    assert forbidden.status_code == 403 and "无权" in forbidden.text


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is installed by the test setup")
def test_compiled_catalogue_matches_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", compiled, LOCALE / "django.po"], check=True)
    assert compiled.read_bytes() == (LOCALE / "django.mo").read_bytes(), (
        "run: cd locale/zh_Hans/LC_MESSAGES && msgfmt -o django.mo django.po"
    )

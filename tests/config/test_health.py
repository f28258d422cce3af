import pytest
from django.urls import reverse

from config import views


@pytest.mark.django_db
def test_healthz_checks_database_and_broker_without_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "broker": True}}


@pytest.mark.django_db
def test_healthz_reports_a_broken_broker(client, monkeypatch, settings):
    class Unreachable:
        def connection_for_write(self):
            raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(views, "celery_app", Unreachable())
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": False}

"""Property-based calls against the OpenAPI schema (schemathesis): for three roles, generated
requests to every operation, on random and on real objects, never answer 500 and never answer
anything the schema does not describe (status, content type, body)."""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from deadlines.models import Deadline

EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def openapi():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


@pytest.mark.django_db
def test_the_schema_is_served_to_a_signed_in_client_only(client, unit_contact, bearer):
    assert client.get("/api/v1/schema/").status_code == 401
    served = client.get("/api/v1/schema/?format=json", **bearer(unit_contact))
    assert served.status_code == 200
    assert "/api/v1/rectification/items/{id}/report/" in served.json()["paths"]


def real_ids(w):
    """The fixture's own objects, so that detail and write operations reach real rows."""
    item = w["approved_plan"].items.get()
    return {
        "units": w["unit_a"].pk, "rounds": w["approved_round"].pk,
        "inspections": item.plan.inspection_id, "findings": item.finding_id,
        "rectification/plans": item.plan_id, "rectification/items": item.pk,
        "deadlines": Deadline.objects.first().pk, "clues": w["signed"].pk,
        "notices": item.plan.inspection.notice.pk,
        "talent": w["team_members"][0].talent_entry.pk,
    }


def resource(path):
    return path.removeprefix("/api/v1/").split("/{id}")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["unit_contact", "office_director", "discipline_handler"])
def test_generated_calls_never_break_the_server_or_the_schema(request, unthrottled, role, bearer):
    world = {name: request.getfixturevalue(name)
             for name in ("approved_plan", "signed", "unit_a", "approved_round",
                          "team_members")}
    auth = {"Authorization": bearer(request.getfixturevalue(role))["HTTP_AUTHORIZATION"]}
    ids = real_ids(world)
    answered = []
    schema = schemathesis.openapi.from_dict(openapi())
    app = WSGIHandler()
    for result in schema.get_all_operations():
        operation = result.ok()
        strategies = [operation.as_strategy()]
        if "{id}" in operation.path and resource(operation.path) in ids:
            strategies.append(operation.as_strategy(
                path_parameters={"id": ids[resource(operation.path)]}))
        for strategy in strategies:
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=strategy)
            def call(case):
                response = case.call(app=app, headers=auth)
                answered.append(response.status_code)
                case.validate_response(response, checks=CHECKS)

            call()
    # The calls were signed in and reached real objects: not a run of 401s and 404s.
    assert 401 not in answered
    assert answered.count(200) >= 30, sorted(set(answered))


@pytest.fixture(autouse=True)
def one_connection():
    """As Django's test client does: a WSGI request must not close the test's database
    connection when it ends (on PostgreSQL it would, inside the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(settings):
    # Hundreds of calls in a few seconds with one token: the rate limit is tested elsewhere.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"token": "100000/minute"}}
    return settings

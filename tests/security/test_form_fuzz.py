"""Every form of every action, sent by a person allowed to act, with each field in turn replaced
by hostile or malformed input: the answer is never a 500, and a refused form saves nothing
(issue 13: bad input everywhere). The forms and their valid data come from the role-rule matrix,
so a new action is fuzzed as soon as it has its row there."""

import pytest
from django.core.cache import cache

from tests.actions import worlds as W
from tests.actions.test_role_matrix import (  # noqa: F401 (fixtures used by the specs)
    ROLES,
    SPECS,
    Attempt,
    csrf_client,
    outsider,
    pool_person,
    rendered_token,
    tied,
)

HOSTILE = {
    "empty": "",
    "nul": "甲\x00乙",
    "huge number": "9" * 40,
    "negative": "-1",
    "impossible date": "2026-02-30",
    "unknown id": "2147483648",
    "markup": "<script>alert(1)</script>' OR '1'='1",
    "too long": "巡" * 25_000,
}

def variants(data):
    for field in sorted(data):
        yield field, "missing", {k: v for k, v in data.items() if k != field}
        for label, value in HOSTILE.items():
            yield field, label, {**data, field: value}


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(SPECS))
def test_hostile_input_gets_an_answer_and_saves_nothing_half(request, key):
    spec = SPECS[key]
    people = {name: request.getfixturevalue(name) for name in ROLES if name != "anonymous"}
    world = W.World(request)
    for name in spec.needs:
        request.getfixturevalue(name)
    obj = spec.world(world)
    if spec.extra_roles:
        user = next(iter(spec.extra_roles.values()))(world, obj)
    else:
        user = people.get(sorted(spec.allowed)[0])
    current = type(obj).objects.get(pk=obj.pk) if obj is not None else None
    url, data = spec.http(current, world)
    failures = []
    for field, label, sent in variants(data):
        cache.clear()
        client, token = csrf_client(user)
        with Attempt() as attempt:
            try:
                response = client.post(url, sent, HTTP_X_CSRFTOKEN=token)
            except Exception as error:  # the test client re-raises what would be a 500
                failures.append(f"{field} = {label}: {type(error).__name__}: {error}")
                continue
        if response.status_code >= 500:
            failures.append(f"{field} = {label}: {response.status_code}")
        # 201: a creation shown once instead of redirecting (an API token's secret).
        elif response.status_code not in {201, 302} and attempt.changed:
            failures.append(f"{field} = {label}: refused ({response.status_code}) but saved")
    assert not failures, "\n".join(failures)

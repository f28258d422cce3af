import pytest

from api import services
from api.access import scopes_for


@pytest.fixture
def bearer():
    """A live token of `user` with `scopes` (all the scopes their roles may have by default),
    as the Authorization header the test client sends."""

    def make(user, scopes=None):
        _token, secret = services.token_create(by=user, name="测试系统",
                                               scopes=scopes or scopes_for(user), days=90,
                                               verified=True)
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return make

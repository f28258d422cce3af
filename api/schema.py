"""How the OpenAPI schema describes signing in and the one error shape."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "xc_<prefix>_<secret>",
                "description": "Created on the “API tokens” page of your account."}


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="not_found, forbidden, scope, stale, not_now, "
                                           "invalid, not_authenticated, bad_token, throttled…")
    message = serializers.CharField(help_text="In the request's language (Accept-Language).")
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                   required=False)


# Every operation can be refused; the schema says how, in the one error shape.
ERRORS = {
    "400": "Bad input, or a step the object's state does not allow now (code not_now).",
    "401": "No token, or a token that is unknown, expired or revoked.",
    "403": "The token's scopes or the account's role do not allow this.",
    "404": "Missing, or not visible to this account: the same answer.",
    "409": "Someone changed the record since the version you sent.",
    "429": "Too many requests with this token; wait Retry-After seconds.",
}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            if code == "409" and self.method == "GET":
                continue
            bodies.setdefault(code, {**self._get_response_for_code(ErrorSerializer, code),
                                     "description": description})
        return bodies

"""One error shape for every refusal: {"code", "message", "fields"?}, in the request's
language. Missing and forbidden objects are the same 404, as on the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from audit.middleware import denial_record
from config.actions import Denied

NOT_FOUND = "not_found"


def _body(code, message, fields=None):
    body = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    return body


def _django_validation(error):
    codes = [e.code for e in error.error_list] if not hasattr(error, "error_dict") else [
        e.code for errors in error.error_dict.values() for e in errors]
    code = next((c for c in codes if c), "invalid")
    if hasattr(error, "error_dict"):
        fields = {name: [str(m) for e in errors for m in e.messages]
                  for name, errors in error.error_dict.items()}
        messages = [m for ms in fields.values() for m in ms]
        return _body(code, "；".join(messages), fields)
    return _body(code, "；".join(error.messages))


def _drf_fields(detail, prefix=""):
    """{"persons.0.form": ["…"]}: nested errors by their path, messages as plain text."""
    if isinstance(detail, dict):
        items = detail.items()
    elif isinstance(detail, list) and any(isinstance(m, dict | list) for m in detail):
        items = enumerate(detail)
    else:
        messages = detail if isinstance(detail, list) else [detail]
        return {prefix or "non_field_errors": [str(m) for m in messages]}
    fields = {}
    for name, value in items:
        fields.update(_drf_fields(value, f"{prefix}.{name}" if prefix else str(name)))
    return fields


def handler(exc, context):
    request = context.get("request")
    if isinstance(exc, (Http404, exceptions.NotFound)):
        denial_record(request=request, exception=Http404())
        return Response(_body(NOT_FOUND, _("Not found, or not visible to this account.")),
                        status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, (DjangoPermissionDenied, exceptions.PermissionDenied)):
        denial_record(request=request, exception=exc if isinstance(
            exc, DjangoPermissionDenied) else DjangoPermissionDenied(str(exc.detail)))
    if isinstance(exc, Denied):
        return Response(_body("forbidden", exc.message), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DjangoPermissionDenied):
        return Response(_body("forbidden", _("This account may not do this.")),
                        status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DjangoValidationError):
        body = _django_validation(exc)
        code = status.HTTP_409_CONFLICT if body["code"] == "stale" else \
            status.HTTP_400_BAD_REQUEST
        return Response(body, status=code)
    if isinstance(exc, exceptions.ValidationError):
        fields = _drf_fields(exc.detail)
        return Response(_body("invalid", "；".join(m for ms in fields.values() for m in ms),
                              fields), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        response = Response(_body(code, exc.detail), status=exc.status_code)
        if isinstance(exc, exceptions.Throttled) and exc.wait:
            response["Retry-After"] = str(int(exc.wait))
        if getattr(exc, "auth_header", None):
            response["WWW-Authenticate"] = exc.auth_header
        return response
    return None

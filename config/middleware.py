"""Input the application refuses or tidies before any view reads it."""

import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

# Right-to-left overrides and isolates: invisible, and they can make a name or a sum read
# differently from what is stored ("Trojan source"). Removed from every submitted value.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
ONCE_FIELD = "_once"
ONCE_SECONDS = 24 * 3600


def is_api(request):
    """Addresses a program calls; the interactive docs page is for people in a browser."""
    return request.path.startswith("/api/") and not request.path.startswith("/api/v1/docs/")


def api_refusal(code, message, status):
    """The data interface's error shape (api/errors.py), for middleware that answers before
    any API view runs: a program cannot follow a redirect to a sign-in page."""
    return JsonResponse({"code": code, "message": str(message)}, status=status)


class MaxUploadMiddleware:
    """A body larger than any legitimate upload is refused from Content-Length, before a byte
    of it is read (a 200 MB upload used to be received whole before the size check)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            if is_api(request):
                return api_refusal("too_large", _("The request is larger than %(limit)s MB.")
                                   % {"limit": settings.MAX_REQUEST_BYTES // 1024 // 1024}, 413)
            return render(request, "413.html", {
                "limit": settings.MAX_REQUEST_BYTES // 1024 // 1024}, status=413)
        return self.get_response(request)


class InputHygieneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in (
                "application/x-www-form-urlencoded", "multipart/form-data"):
            posted = request.POST
            if any(BIDI_CONTROLS.search(value) for values in posted.lists()
                   for value in values[1] if isinstance(value, str)):
                cleaned = posted.copy()
                for key, values in posted.lists():
                    cleaned.setlist(key, [BIDI_CONTROLS.sub("", v) for v in values])
                request.POST = cleaned
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages shown to a signed-in person are never kept by the browser or a proxy: after
    sign-out, Back or a shared computer's cache must not show interview notes or clues."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class OnceMiddleware:
    """A create form carries a one-time token: sent twice (a double click, a resubmitted page),
    the second sending saves nothing and leads to what the first one made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request.POST.get(ONCE_FIELD, "") if request.method == "POST" else ""
        if not re.fullmatch(r"[0-9a-f]{32}", token):
            return self.get_response(request)
        key = f"once:{request.user.pk}:{token}"
        # add() is atomic in Redis: of two concurrent sendings exactly one goes through.
        if not cache.add(key, "", timeout=ONCE_SECONDS):
            messages.info(request, _("This form was already sent; nothing was saved twice."))
            return redirect(cache.get(key) or request.get_full_path())
        response = self.get_response(request)
        if response.status_code in (301, 302, 303):
            cache.set(key, response["Location"], timeout=ONCE_SECONDS)
        else:
            cache.delete(key)  # refused: the corrected form may be sent again
        return response


def once_token():
    return uuid.uuid4().hex

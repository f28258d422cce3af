"""Session limits and the duties of an account before it may work: a second factor, a password
that has not expired."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.middleware import api_refusal, is_api

from . import services

# Pages an account reaches before its duties are done (and without them it could never do
# them): the account pages themselves, logging out, switching the language.
FREE_PREFIXES = ("/account/", "/logout/", "/i18n/", "/static/", "/healthz")
# Writing the session on every request costs a database write; a minute is precise enough.
SEEN_RESOLUTION_SECONDS = 60
PASSWORD_PROMPT_DAYS = 14


class SessionPolicyMiddleware:
    """30 minutes idle (sliding), 12 hours at most, and an end when roles or the account change
    (the user's session epoch moved on)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            session, now = request.session, int(time.time())
            started = session.setdefault("started_at", now)
            seen = session.get("seen_at", now)
            epoch = session.setdefault("epoch", user.session_epoch)
            reason = None
            if now - seen > settings.SESSION_IDLE_SECONDS:
                reason = _("You were signed out after 30 minutes without activity.")
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                reason = _("You were signed out after 12 hours; please sign in again.")
            elif epoch != user.session_epoch:
                reason = _("Your roles or your account changed: please sign in again.")
            if reason:
                logout(request)
                if is_api(request):
                    return api_refusal("signed_out", reason, 401)
                messages.info(request, reason)
                return redirect_to_login(request.get_full_path())
            if now - seen >= SEEN_RESOLUTION_SECONDS or "seen_at" not in session:
                session["seen_at"] = now
        return self.get_response(request)


class AccountDutiesMiddleware:
    """A second factor where the role needs one, and a password younger than its maximum age,
    before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(FREE_PREFIXES):
            if is_api(request) and (refusal := self._api_duty(user)):
                return api_refusal("account_duties", refusal, 403)
            if services.requires_second_factor(user) and not user.is_verified():
                target = "accounts:second_factor_verify" if services.has_second_factor(
                    user) else "accounts:second_factor_enrol"
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
            if services.password_expired(user):
                messages.warning(request, _("Your password is more than %(days)s days old: "
                                            "set a new one to continue.")
                                 % {"days": settings.PASSWORD_MAX_AGE_DAYS})
                return redirect("accounts:password_change")
            self._prompt_password_change(request)
        return self.get_response(request)

    @staticmethod
    def _api_duty(user):
        """What the person must do in the browser before their session may use the interface.
        A bearer token never has duties here: its holder did them when creating it."""
        if services.requires_second_factor(user) and not user.is_verified():
            return _("Confirm your second factor in the browser first.")
        if services.password_expired(user):
            return _("Your password has expired: set a new one in the browser first.")
        return None

    @staticmethod
    def _prompt_password_change(request):
        """Once a session, in the last two weeks: nobody is stopped by surprise."""
        if (request.method != "GET" or "HX-Request" in request.headers
                or request.session.get("password_prompted")):
            return
        days_left = services.password_days_left(request.user)
        if days_left is not None and days_left <= PASSWORD_PROMPT_DAYS:
            request.session["password_prompted"] = True
            messages.info(request, ngettext(
                "Your password must be changed within %(days)s day: change it under My "
                "account.", "Your password must be changed within %(days)s days: change it "
                "under My account.", days_left) % {"days": days_left})

"""A person's own account: activation, password, second factor, signing out."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.views import LogoutView
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from . import services
from .models import User


class OwnPasswordMixin:
    """Saves through the service: policy, history of the last five, change date, audit."""

    def save(self, commit=True):
        return services.password_set(user=self.user,
                                     raw_password=self.cleaned_data["new_password1"])


class ActivationForm(OwnPasswordMixin, SetPasswordForm):
    pass


class ChangeForm(OwnPasswordMixin, PasswordChangeForm):
    pass


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app, or a backup code"), max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}))


def _next(request):
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/"


@login_not_required
@never_cache
@sensitive_post_parameters()
def activate(request, uidb64, token):
    """The link in the person's e-mail: they set their own password (nobody else knows it)."""
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)), is_active=True)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not services.activation_tokens.check_token(user, token):
        return render(request, "accounts/activation_invalid.html", status=404)
    form = ActivationForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your password is set. Sign in with it now."))
        return redirect("login")
    return render(request, "accounts/own_form.html", {
        "form": form, "title": _("Set your password"),
        "intro": _("Choose a password only you know: at least 10 characters with three of "
                   "lower-case letters, capitals, digits and other characters.")})


@never_cache
@sensitive_post_parameters()
def password_change(request):
    form = ChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Other sessions of this person end (their auth hash no longer matches); this one stays.
        update_session_auth_hash(request, form.save())
        messages.success(request, _("Password changed."))
        return redirect("accounts:account")
    return render(request, "accounts/own_form.html", {
        "form": form, "title": _("Change your password"),
        "intro": _("At least 10 characters with three of lower-case letters, capitals, digits "
                   "and other characters, not one of your last five passwords.")})


def account(request):
    user = request.user
    return render(request, "accounts/account.html", {
        "person": user, "days_left": services.password_days_left(user),
        "has_second_factor": services.has_second_factor(user),
        "second_factor_required": services.requires_second_factor(user),
        "backup_codes_left": services.backup_codes_left(user),
    })


@never_cache
def second_factor_enrol(request):
    """First login of a role that needs two factors: scan, type one code, keep the backups."""
    if services.has_second_factor(request.user):
        return redirect("accounts:second_factor_verify")
    device = services.second_factor_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.second_factor_confirm(user=request.user, device=device,
                                                   token=form.cleaned_data["token"],
                                                   request=request)
        except ValidationError as error:
            form.add_error("token", error)
        else:
            otp_login(request, device)
            return render(request, "accounts/backup_codes.html", {
                "codes": codes, "next": _next(request)})
    qr = segno.make(device.config_url, error="m")
    return render(request, "accounts/second_factor_enrol.html", {
        "form": form, "qr_svg": qr.svg_inline(scale=4, title=_("QR code for your authenticator")),
        "secret": services.second_factor_secret(device), "next": _next(request)})


@never_cache
def second_factor_verify(request):
    if not services.has_second_factor(request.user):
        return redirect("accounts:second_factor_enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_check(user=request.user,
                                              token=form.cleaned_data["token"], request=request)
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("The code is wrong or has expired. After several wrong codes "
                                  "you must wait before trying again."))
    return render(request, "accounts/second_factor_verify.html",
                  {"form": form, "next": _next(request)})


def backup_codes_renew(request):
    if request.method != "POST" or not services.has_second_factor(request.user) \
            or not request.user.is_verified():
        raise Http404
    codes = services.backup_codes_renew(user=request.user, request=request)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": "/"})


class SignOut(LogoutView):
    """Signing out also tells the browser to drop what it cached of confidential pages."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response

"""The pages where people and the security officer manage API tokens."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from config.viewutils import run_service
from deadlines import clock

from . import access, services
from .actions import TOKEN_ACTIONS
from .forms import IssueForm, TokenForm


def _page(request, form=None, issue_form=None, status=200):
    user = request.user
    create = TOKEN_ACTIONS.bound(user, "create")
    issue = TOKEN_ACTIONS.bound(user, "issue_for_system")
    tokens = access.tokens_visible_to(user)
    return render(request, "api/token_list.html", {
        "tokens": tokens,
        "revocable": {token.pk for token in tokens
                      if (revoke := TOKEN_ACTIONS.bound(user, "revoke", token)) and revoke.enabled},
        "create_form": (form or TokenForm(scopes=access.scopes_for(user))) if create else None,
        "issue_form": (issue_form or IssueForm()) if issue else None,
        "revoke": TOKEN_ACTIONS["revoke"], "now": clock.now(),
    }, status=status)


def token_list(request):
    return _page(request)


def _shown_once(request, token, secret):
    # 201, not a redirect: the secret exists only in this answer.
    response = render(request, "api/token_created.html", {"token": token, "secret": secret},
                      status=201)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_create(request):
    TOKEN_ACTIONS.ensure_allowed(request.user, "create")
    form = TokenForm(request.POST, scopes=access.scopes_for(request.user))
    if form.is_valid():
        data = form.cleaned_data
        made = run_service(request, form, lambda: services.token_create(
            by=request.user, name=data["name"], scopes=data["scopes"], days=data["days"],
            verified=request.user.is_verified(), request=request),
            TOKEN_ACTIONS["create"].done)
        if made:
            return _shown_once(request, *made)
    return _page(request, form=form, status=400)


@require_POST
def token_issue(request):
    TOKEN_ACTIONS.ensure_allowed(request.user, "issue_for_system")
    form = IssueForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        made = run_service(request, form, lambda: services.token_issue(
            by=request.user, holder=data["holder"], name=data["name"], scopes=data["scopes"],
            days=data["days"], verified=request.user.is_verified(), request=request),
            TOKEN_ACTIONS["issue_for_system"].done)
        if made:
            return _shown_once(request, *made)
    return _page(request, issue_form=form, status=400)


@require_POST
def token_revoke(request, pk):
    token = access.get_token_for_user(request.user, pk)
    try:
        services.token_revoke(token=token, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, TOKEN_ACTIONS["revoke"].done)
    return redirect("api:token_list")

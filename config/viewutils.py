from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _


def run_service(request, form, call, success):
    """Runs a service, or several composed, in one transaction: a refusal anywhere leaves
    nothing half-saved and goes back into the form, which keeps what the user typed."""
    try:
        with transaction.atomic():
            result = call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
    messages.success(request, success)
    return result


def flash_form_errors(request, form):
    """For action buttons that redirect back: the form's refusals become messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def form_page(request, form, title, cancel_url, *, action=None, **extra):
    """The shared page for a single form (accounts/form_page.html). With the `action` it runs,
    the button names the action and an irreversible one asks before it goes."""
    from django.shortcuts import render

    from .middleware import once_token

    return render(request, "accounts/form_page.html",
                  {"form": form, "title": title, "cancel_url": cancel_url, "once": once_token(),
                   "submit_label": action.label if action else _("Save"),
                   "confirm": (action.irreversible or "") if action else "", **extra})

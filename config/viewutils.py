from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def run_service(request, form, call, success=None):
    """Runs a service; a refusal goes back into the form, which keeps what the user typed."""
    try:
        result = call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
    messages.success(request, success or _("Saved."))
    return result


def flash_form_errors(request, form):
    """For action buttons that redirect back: the form's refusals become messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def form_page(request, form, title, cancel_url, **extra):
    """The shared page for a single form (accounts/form_page.html)."""
    from django.shortcuts import render

    return render(request, "accounts/form_page.html",
                  {"form": form, "title": title, "cancel_url": cancel_url, **extra})

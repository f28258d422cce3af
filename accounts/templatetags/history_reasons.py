"""Shows a stored history reason code in the user's language (config/history.py)."""

from django import template

from config.history import reason_label

register = template.Library()


@register.filter
def history_reason(reason):
    return reason_label(reason)

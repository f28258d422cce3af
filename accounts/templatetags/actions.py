"""Pages draw what the actions tables allow (STYLE §4); they decide nothing themselves."""

from django import template
from django.apps import apps

from config.actions import actions_for as table_actions_for
from config.actions import bound_action, page_drawing, tables_for

register = template.Library()


def _page_drawing(context):
    return page_drawing(context.get("request"))


@register.simple_tag(takes_context=True)
def actions_for(context, obj):
    """Every action this user may take on `obj` now (disabled ones carry their reason)."""
    with _page_drawing(context):
        return table_actions_for(context["user"], obj)


@register.simple_tag(takes_context=True)
def action(context, obj, name):
    """One action, or None when this user may not take it here. `obj` may be a model label
    ("inspections.Round") for an action that creates the object."""
    with _page_drawing(context):
        if isinstance(obj, str):
            model = apps.get_model(obj)
            for table in tables_for(model):
                if name in table.actions:
                    return table.bound(context["user"], name)
            raise KeyError(name)
        return bound_action(context["user"], obj, name)

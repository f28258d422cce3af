"""Every form in the project renders through Django's form rendering with one Bootstrap 5
field template (templates/forms/field.html), so labels, help text, required marks and errors
tied to their fields (`aria-describedby`) are the same on every page without hand-written
markup.

The bound field adds Bootstrap's widget classes; doing it here rather than in each form keeps
forms free of presentation and reaches forms of third-party packages too."""

from django.forms import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_noop

# Django 6.1's empty choice of every select; its zh_Hans catalogue has no translation yet, so
# ours carries one (LOCALE_PATHS comes before Django's own catalogues).
gettext_noop("- Select an option -")

class BootstrapBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        kind = type(widget).__name__
        if kind in {"CheckboxInput", "RadioSelect", "CheckboxSelectMultiple"}:
            css = "form-check-input"
        elif kind in {"Select", "SelectMultiple", "NullBooleanSelect"}:
            css = "form-select"
        else:
            css = "form-control"
        if self.errors:
            css += " is-invalid"
        existing = attrs.get("class") or widget.attrs.get("class", "")
        attrs["class"] = f"{existing} {css}".strip()
        return attrs


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = BootstrapBoundField

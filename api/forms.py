from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import Scope
from .services import LIFETIMES


def _lifetime_choices():
    return [(days, _("%(days)s days") % {"days": days}) for days in LIFETIMES]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60,
                           help_text=_("Which system uses it, e.g. “单位整改台账系统”."))
    scopes = forms.MultipleChoiceField(label=_("Scopes"), widget=forms.CheckboxSelectMultiple,
                                       choices=Scope.choices)
    days = forms.TypedChoiceField(label=_("Valid for"), coerce=int, choices=_lifetime_choices,
                                  initial=90)

    def __init__(self, *args, scopes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scopes is not None:
            labels = dict(Scope.choices)
            self.fields["scopes"].choices = [(scope, labels[scope]) for scope in scopes]
        self.fields["scopes"].initial = [Scope.READ]


class IssueForm(TokenForm):
    holder = forms.ModelChoiceField(
        label=_("Interface account"), queryset=User.objects.filter(api_only=True, is_active=True),
        help_text=_("The system administrator creates the account (“interface account” "
                    "ticked) and gives it its role; the token carries no more than that role."))

    field_order = ["holder", "name", "scopes", "days"]

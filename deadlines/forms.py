from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HolidayOverride


class HolidayOverrideForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = HolidayOverride
        fields = ["day", "is_workday", "note", "source"]
        widgets = {"day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "is_workday": _("Tick for a working day (e.g. a 调休 Saturday); leave empty for a "
                            "holiday or rest day."),
            "note": _("The notice it comes from, e.g. 国务院办公厅关于2027年部分节假日安排的通知."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class WaiveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, User
from config.limits import SHORT_TEXT

from .models import (
    DeclaredRelation,
    EmploymentRecord,
    RecusalDecision,
    Specialty,
    TalentPoolEntry,
    TeamLapse,
)


class TalentEntryForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    specialties = forms.MultipleChoiceField(label=_("Specialties (Art 9)"),
                                            choices=Specialty.choices,
                                            widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = TalentPoolEntry
        fields = ["user", "specialties", "availability", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["user"].disabled = True
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["user"].queryset = User.objects.filter(
                is_active=True, talent_entry__isnull=True)


class EmploymentForm(forms.ModelForm):
    class Meta:
        model = EmploymentRecord
        fields = ["unit", "position", "was_leader", "start_year", "end_year"]


class RelationForm(forms.ModelForm):
    class Meta:
        model = DeclaredRelation
        fields = ["unit", "relation", "person_name"]


class TalentSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or unit"), required=False, max_length=SHORT_TEXT)
    specialty = forms.ChoiceField(label=_("Specialty"), required=False,
                                  choices=[("", _("All specialties")), *Specialty.choices])
    availability = forms.ChoiceField(
        label=_("Availability"), required=False,
        choices=[("", _("Any availability")), *TalentPoolEntry.Availability.choices])


class TeamCreateForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=50,
                           help_text=_("e.g. 第一巡察组"))


class MemberAddForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.filter(talent_entry__isnull=False),
                                  widget=forms.HiddenInput)
    position = forms.ChoiceField(label=_("Position"), choices=[
        ("leader", _("Team leader")), ("deputy", _("Deputy team leader")),
        ("member", _("Team member"))])


class MemberRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class AssignForm(forms.Form):
    inspection = forms.IntegerField(widget=forms.HiddenInput)


class RecusalDecisionForm(forms.ModelForm):
    user_id = forms.IntegerField(widget=forms.HiddenInput)
    unit_id = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = RecusalDecision
        fields = ["outcome", "reason"]
        widgets = {"reason": forms.TextInput}


class DecisionForm(forms.Form):
    record = forms.CharField(label=_("Meeting or decision"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeclarationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(),
                                  required=False)
    detail = forms.CharField(label=_("Facts to declare"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=SHORT_TEXT)
    nothing_to_declare = forms.BooleanField(
        label=_("I have no employment, kinship or other tie to these units."), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()

    def clean(self):
        cleaned = super().clean()
        declares = cleaned.get("unit") and (cleaned.get("detail") or "").strip()
        if not declares and not cleaned.get("nothing_to_declare"):
            raise forms.ValidationError(_("Either declare a tie (unit and facts) or confirm "
                                          "that you have none."))
        if declares and cleaned.get("nothing_to_declare"):
            raise forms.ValidationError(_("You declared a tie and also that you have none."))
        return cleaned


class TrainingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    content = forms.CharField(label=_("Content"), max_length=SHORT_TEXT,
                              widget=forms.Textarea(attrs={"rows": 3}))
    attendees = forms.ModelMultipleChoiceField(label=_("Attendees"),
                                               queryset=User.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = User.objects.filter(
            team_memberships__team__round_id=team.round_id,
            team_memberships__left_at__isnull=True).distinct().order_by("full_name")


class TrainingExemptionForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Member"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=SHORT_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = team.active_members().select_related("user")
        self.fields["membership"].label_from_instance = lambda m: str(m.user)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return f"{membership.user}（{membership.get_position_display()}）"


class LapseForm(forms.ModelForm):
    membership = MemberChoiceField(label=_("Member responsible"), queryset=None)

    class Meta:
        model = TeamLapse
        fields = ["membership", "kind", "description", "found_how"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Everyone who served, those who left before the end included.
        self.fields["membership"].queryset = team.memberships.select_related("user")

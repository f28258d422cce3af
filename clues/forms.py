from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, User
from config.limits import LONG_TEXT, SHORT_TEXT
from teams.models import Team

from .models import Classification, Clue, Complaint, Obstruction, Proposal, Result


class ClueForm(forms.ModelForm):
    class Meta:
        model = Clue
        fields = ["kind", "category", "is_sensitive", "finding", "petition", "interview_note",
                  "summary", "persons"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5}),
                   "persons": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, inspection=None, notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = inspection.findings.all()
        self.fields["petition"].queryset = inspection.petitions.all()
        self.fields["interview_note"].queryset = notes


class ClassificationForm(forms.ModelForm):
    class Meta:
        model = Classification
        fields = ["decision", "organ", "meeting", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = OrgUnit.objects.receiving_organs()


class ResultForm(forms.ModelForm):
    class Meta:
        model = Result
        fields = ["disposition", "summary", "forms_per_person", "is_final", "file"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}),
                   "forms_per_person": forms.Textarea(attrs={"rows": 3})}


class ReferForm(forms.ModelForm):
    """The accountability clue an obstruction case becomes (Art 32)."""

    class Meta:
        model = Clue
        fields = ["category", "summary", "persons"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5}),
                   "persons": forms.Textarea(attrs={"rows": 3})}


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["kind", "opinion"]
        widgets = {"opinion": forms.Textarea(attrs={"rows": 4})}


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Party group decision"),
                               widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT)
    meeting = forms.CharField(label=_("Party group meeting"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ObstructionForm(forms.ModelForm):
    class Meta:
        model = Obstruction
        fields = ["situation", "against", "description", "file"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ["team", "about", "addressee", "conduct", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(status="authorised")
        self.fields["about"].queryset = User.objects.filter(
            team_memberships__team__status="authorised").distinct()


class HandleForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=SHORT_TEXT)

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, User
from config.limits import LONG_TEXT, SHORT_TEXT
from teams.models import Team

from .models import Classification, Clue, Complaint, Obstruction, Proposal, Result, ResultPerson


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


class PersonOutcomeForm(forms.Form):
    """One person and what the organ decided for them; a row left blank is no person."""

    name = forms.CharField(label=_("Full name"), max_length=50, required=False)
    outcome = forms.TypedChoiceField(
        label=_("Outcome (四种形态)"), coerce=int, required=False, empty_value=None,
        choices=[("", _("— choose —")), *ResultPerson.Form.choices])

    def clean(self):
        data = super().clean()
        name, outcome = (data.get("name") or "").strip(), data.get("outcome")
        if name and outcome is None:
            self.add_error("outcome", _("Choose what was decided for %(name)s.") % {"name": name})
        elif outcome is not None and not name:
            self.add_error("name", _("Whose outcome is this? Write the name."))
        return data


class BasePeopleFormSet(forms.BaseFormSet):
    """Blank rows are nobody: the limit counts named people, and a name is one person."""

    default_error_messages = {"missing_management_form": _(
        "The list of people did not arrive whole. Reload the page and enter them again.")}

    def clean(self):
        seen = set()
        for form in self.forms:
            name = (form.cleaned_data.get("name") or "").strip() if form.is_valid() else ""
            if name in seen:
                form.add_error("name", _("%(name)s is already listed above.") % {"name": name})
            elif name:
                seen.add(name)
        if len(seen) > ResultPerson.MOST:
            raise forms.ValidationError(
                _("At most %(most)s people in one result; report the others in another "
                  "result.") % {"most": ResultPerson.MOST})


# The rows a browser may send stop at twice the limit, so a forged count builds no more forms.
PersonOutcomeFormSet = forms.formset_factory(
    PersonOutcomeForm, formset=BasePeopleFormSet, extra=2, max_num=ResultPerson.MOST,
    absolute_max=2 * ResultPerson.MOST)


def persons_of(clue):
    """The names of the clue's persons involved (one a line: name, unit, position)."""
    names = []
    for line in (clue.persons or "").splitlines():
        name = line.replace("，", ",").replace("、", ",").replace("　", " ").split(",")[0]
        name = name.strip().split(" ")[0] if name.strip() else ""
        if name and len(name) <= 50 and name not in names:
            names.append(name)
    return names


class ResultForm(forms.ModelForm):
    """The organ's result with one row per person: the clue's persons involved come filled
    in, so nobody types a name twice or learns a line format."""

    class Meta:
        model = Result
        fields = ["disposition", "summary", "is_final", "file"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, data=None, files=None, *, clue=None, **kwargs):
        super().__init__(data, files, **kwargs)
        # Those already reported in an earlier (partial) result are not offered again.
        reported = set(ResultPerson.objects.filter(result__clue=clue).values_list(
            "name", flat=True)) if clue is not None else set()
        names = [name for name in persons_of(clue) if name not in reported] \
            if clue is not None else []
        # Beyond the limit the rest are left for another result, and the page says so.
        self.people_left_out = names[ResultPerson.MOST:]
        self.people = PersonOutcomeFormSet(
            data, prefix="people", initial=[{"name": name} for name in names[:ResultPerson.MOST]])

    def is_valid(self):
        valid = super().is_valid()
        people_valid = self.people.is_valid()
        if not people_valid:  # what is wrong is said beside the rows, once
            self.add_error(None, _("Check the people below."))
        if valid and people_valid:
            self.cleaned_data["people"] = [
                (row["name"].strip(), row["outcome"]) for row in self.people.cleaned_data
                if row and (row.get("name") or "").strip()]
        return valid and people_valid


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

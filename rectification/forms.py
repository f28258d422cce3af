from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, User
from config.limits import LONG_TEXT, SHORT_TEXT
from inspections.models import ContentArea

from .actions import reports_owed
from .models import (
    Feedback,
    Publication,
    RecheckVerdict,
    RectificationItem,
    RectificationPlan,
    RectificationReport,
    SpecialMeeting,
    Withholding,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FeedbackForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Feedback
        fields = ["audience", "findings", "body", "meeting_on", "attendees", "other_attendees"]
        widgets = {"findings": forms.CheckboxSelectMultiple, "meeting_on": DATE,
                   "attendees": forms.CheckboxSelectMultiple,
                   "body": forms.Textarea(attrs={"rows": 8}),
                   "other_attendees": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "attendees": _("Art 18: members of the leadership group and the responsible heads "
                           "of the discipline inspection organ and of HR attend the feedback."),
        }

    def __init__(self, *args, findings=None, attendees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = findings
        self.fields["attendees"].queryset = attendees
        self.fields["attendees"].label_from_instance = User.with_post
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class ConsentForm(forms.Form):
    """The party group's decision on a feedback (Art 18)."""

    meeting = forms.CharField(
        label=_("Party group meeting"), max_length=200, required=False,
        help_text=_("e.g. 厅党组2026年第21次会议. A member other than the secretary records "
                    "consent on behalf of this meeting and must name it."))
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}), max_length=SHORT_TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeetingForm(forms.ModelForm):
    file = forms.FileField(label=_("Minutes or photos (PDF, JPG, PNG, Word)"), required=False)

    class Meta:
        model = SpecialMeeting
        fields = ["kind", "held_on", "participants", "minutes"]
        widgets = {"held_on": DATE, "participants": forms.Textarea(attrs={"rows": 2}),
                   "minutes": forms.Textarea(attrs={"rows": 5})}


class PlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RectificationPlan
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}


class ItemForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RectificationItem
        fields = ["finding", "measure", "due_on", "responsible_leader", "responsible_department"]
        widgets = {"due_on": DATE, "measure": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, findings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = findings
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class ActionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}), max_length=SHORT_TEXT)
    # Required: an action without the version the user saw could overwrite a newer change.
    version = forms.IntegerField(widget=forms.HiddenInput)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file (PDF, JPG, PNG, Word, Excel; 20 MB)"))


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=RectificationReport.Kind.choices,
                             help_text=_("Art 19 asks for both reports, each to all three "
                                         "recipients."))
    body = forms.CharField(label=_("Report text"), widget=forms.Textarea(attrs={"rows": 10}),
                           max_length=LONG_TEXT)
    file = forms.FileField(label=_("Signed report (PDF)"), required=False)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the reports still to send are offered, the first of them chosen.
        choices = [(kind.value, kind.label) for kind in reports_owed(inspection)]
        self.fields["kind"].choices = choices
        self.fields["kind"].initial = choices[0][0] if choices else None


class LedgerFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), required=False,
                                  queryset=OrgUnit.objects.subordinate_units())
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *RectificationItem.Status.choices])
    content_area = forms.ChoiceField(label=_("Content area"), required=False,
                                     choices=[("", _("All areas")), *ContentArea.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class PublicationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Publication
        fields = ["channel", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class WithholdForm(forms.ModelForm):
    class Meta:
        model = Withholding
        fields = ["item", "reason", "note"]
        labels = {"item": _("Rectification item")}

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class RecheckForm(forms.Form):
    """One item's verdict in a follow-up (回头看)."""

    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    # The verdict's version the member saw; empty for a first verdict.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1,
                                 max_value=2**31 - 1)
    verdict = forms.ChoiceField(label=_("Verdict"), choices=RecheckVerdict.Verdict.choices)
    note = forms.CharField(label=_("What the team found"), required=False, max_length=SHORT_TEXT,
                           widget=forms.Textarea(attrs={"rows": 2}))

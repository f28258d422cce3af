from django import forms
from django.core import signing
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from config.limits import SHORT_TEXT

from .models import (
    Announcement,
    BasisClause,
    ContentArea,
    FieldworkRecord,
    Finding,
    GoodPractice,
    Hearing,
    Inspection,
    InspectionMode,
    InterviewNote,
    Notice,
    OfficePaper,
    PartyHearing,
    Petition,
    Plan,
    PlanStage,
    PlanUnit,
    Report,
    Round,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)


class PlanForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Plan
        fields = ["kind", "parent", "title", "start_year", "end_year", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 8})}


class PlanStageForm(forms.ModelForm):
    class Meta:
        model = PlanStage
        fields = ["name", "starts_on", "ends_on", "tasks"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "tasks": forms.Textarea(attrs={"rows": 2})}


class PlanUnitForm(forms.ModelForm):
    class Meta:
        model = PlanUnit
        fields = ["unit", "year"]
        labels = {"unit": _("Unit")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.subordinate_units().active()


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("submit", "approve", "return",
                                                          "review", "decide", "send_back",
                                                          "complete")],
                               widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}), max_length=SHORT_TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RoundForm(forms.ModelForm):
    version = VersionField()
    modes = forms.MultipleChoiceField(label=_("Modes"), choices=InspectionMode.choices,
                                      required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Round
        fields = ["name", "year", "plan", "inspection_type", "modes", "work_plan"]
        widgets = {"work_plan": forms.Textarea(attrs={"rows": 6})}


class ProvinceApprovalForm(forms.Form):
    doc_number = forms.CharField(label=_("Approval document number"), max_length=60,
                                 required=False)
    doc_date = forms.DateField(label=_("Approval date"), widget=DATE, required=False)
    doc_file = forms.FileField(label=_("Scanned approval document (PDF, JPG or PNG)"),
                               required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class InspectionForm(forms.ModelForm):
    version = VersionField()
    modes = forms.MultipleChoiceField(label=_("Modes"), choices=InspectionMode.choices,
                                      required=False, widget=forms.CheckboxSelectMultiple)
    content_areas = forms.MultipleChoiceField(label=_("Content areas (Art 12)"),
                                              choices=ContentArea.choices,
                                              widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Inspection
        fields = ["target_unit", "inspection_type", "rechecks", "modes", "content_areas",
                  "planned_entry_on", "planned_end_on", "duration_exception_reason"]
        widgets = {"planned_entry_on": DATE, "planned_end_on": DATE,
                   "duration_exception_reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "planned_end_on": _("20–40 working days on the official calendar, the entry day "
                                "counting as day 1 (Art 11)."),
            "duration_exception_reason": _("Only needed when the office decides on a period "
                                           "outside 20–40 working days."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_unit"].queryset = OrgUnit.objects.exclude(
            kind=OrgUnit.Kind.DEPARTMENT).active()
        # The service checks that it is the same unit's; the list offers what can be re-checked.
        self.fields["rechecks"].queryset = Inspection.objects.filter(
            status__in=["rectifying", "closed", "archived"]).select_related(
            "target_unit", "round").order_by("target_unit__name", "-round__year")


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["addressee", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["body", "schedule", "address", "mailbox", "phone"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class FieldworkForm(forms.ModelForm):
    files = MultipleFileField(label=_("Attachments (PDF, JPG, PNG, Word, Excel; 20 MB each)"))

    class Meta:
        model = FieldworkRecord
        fields = ["method", "held_on", "place", "participants", "summary", "approval_reference"]
        widgets = {"held_on": DATE, "participants": forms.Textarea(attrs={"rows": 2}),
                   "summary": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"approval_reference": _("Required for another method approved by the "
                                              "leadership group (Art 14 (12)).")}


class InterviewNoteForm(forms.ModelForm):
    held_at = forms.DateTimeField(label=_("Time"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))

    class Meta:
        model = InterviewNote
        fields = ["interviewee", "interviewee_position", "interviewers", "held_at", "place",
                  "content"]
        widgets = {"interviewers": forms.CheckboxSelectMultiple,
                   "content": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, team_members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = team_members


class FindingForm(forms.ModelForm):
    version = VersionField()
    files = MultipleFileField(label=_("Evidence files (PDF, JPG, PNG, Word, Excel)"))

    class Meta:
        model = Finding
        fields = ["title", "content_area", "facts", "basis", "fieldwork", "responsible_persons",
                  "severity", "suggested_handling", "is_clue", "is_good_practice"]
        widgets = {"facts": forms.Textarea(attrs={"rows": 6}),
                   "suggested_handling": forms.Textarea(attrs={"rows": 3}),
                   "basis": forms.SelectMultiple(attrs={"size": 8}),
                   "fieldwork": forms.CheckboxSelectMultiple}

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fieldwork"].queryset = inspection.fieldwork.all()
        in_force = Q(retired_at__isnull=True)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            in_force |= Q(findings=self.instance)
        self.fields["basis"].queryset = BasisClause.objects.filter(in_force).distinct()


class FindingActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in
                                        ("submit", "sign_deputy", "sign_leader", "return")],
                               widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}), max_length=SHORT_TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Report
        fields = ["kind", "title", "analysis", "suggestions", "findings"]
        widgets = {"analysis": forms.Textarea(attrs={"rows": 6}),
                   "suggestions": forms.Textarea(attrs={"rows": 4}),
                   "findings": forms.CheckboxSelectMultiple}

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = inspection.findings.all()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class HearingForm(forms.ModelForm):
    class Meta:
        model = Hearing
        fields = ["held_on", "meeting", "members_present", "attendees", "opinions",
                  "required_changes", "speech_file", "filed_on", "filing_reference"]
        widgets = {"held_on": DATE, "filed_on": DATE,
                   "members_present": forms.CheckboxSelectMultiple,
                   "attendees": forms.Textarea(attrs={"rows": 2}),
                   "opinions": forms.Textarea(attrs={"rows": 4}),
                   "required_changes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        from accounts.models import User

        super().__init__(*args, **kwargs)
        # Art 17: the leadership group hears the report; its members present are recorded.
        self.fields["members_present"].queryset = User.objects.filter(
            leadership_membership__isnull=False, is_active=True).order_by(
            "leadership_membership__position", "full_name")


class PartyHearingForm(forms.ModelForm):
    class Meta:
        model = PartyHearing
        fields = ["held_on", "meeting", "opinions", "speech_file", "filed_on",
                  "filing_reference"]
        widgets = {"held_on": DATE, "filed_on": DATE,
                   "opinions": forms.Textarea(attrs={"rows": 4})}


class ArchiveForm(forms.Form):
    checklist = forms.MultipleChoiceField(label=_("Materials received (Art 27)"),
                                          widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}), max_length=SHORT_TEXT)

    def __init__(self, *args, checklist=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].choices = list(checklist)


class PetitionForm(forms.ModelForm):
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=50, required=False)
    reporter_contact = forms.CharField(label=_("Reporter's contact"), max_length=100,
                                       required=False)

    class Meta:
        model = Petition
        fields = ["channel", "received_at", "subject", "content"]
        widgets = {"received_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                      format="%Y-%m-%dT%H:%M"),
                   "content": forms.Textarea(attrs={"rows": 6})}


class PetitionTriageForm(forms.Form):
    action = forms.ChoiceField(choices=[("review", "review"), ("close", "close")],
                               widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Handling"), required=False,
                                choices=[("", "—"), *Petition.Outcome.choices])
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}), max_length=SHORT_TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PublicPetitionForm(forms.Form):
    """No login and no CAPTCHA: a hidden honeypot, a signed render time and a rate limit."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    content = forms.CharField(label=_("What you want to report"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 8}))
    name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    contact = forms.CharField(label=_("Phone or e-mail (optional)"), max_length=100,
                              required=False)
    website = forms.CharField(required=False, widget=forms.TextInput(
        attrs={"tabindex": "-1", "autocomplete": "off"}))
    rendered = forms.CharField(widget=forms.HiddenInput)

    MIN_SECONDS, MAX_SECONDS = 3, 2 * 3600

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["rendered"] = signing.TimestampSigner(salt="petition").sign("form")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("The report could not be accepted."), code="bot")
        signer, token = signing.TimestampSigner(salt="petition"), cleaned.get("rendered", "")
        try:
            signer.unsign(token, max_age=self.MAX_SECONDS)  # forged or too old
        except signing.BadSignature:
            # Re-render with a fresh token so sending again works, as the message promises.
            self.data = self.data.copy()
            self.data["rendered"] = signing.TimestampSigner(salt="petition").sign("form")
            raise forms.ValidationError(_("The form has expired; please reload the page and "
                                          "send it again. Your text is kept below."),
                                        code="expired") from None
        try:
            signer.unsign(token, max_age=self.MIN_SECONDS)
        except signing.SignatureExpired:
            return cleaned  # took longer than a bot would: a person typed it
        raise forms.ValidationError(_("Sent too quickly; please check your report and send "
                                      "it again."), code="too_fast")


class EarlyEndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("The office's reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Kept on the inspection's record (Art 11)."))


class VersionForm(forms.Form):
    """A one-button action: only the version the user saw, so a stale page is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class BasisClauseForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = BasisClause
        fields = ["source", "article", "excerpt"]
        widgets = {"excerpt": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def validate_constraints(self):
        """A clause already in the register: the service says so, in words that name it
        (after tidying the title, which the form has not done)."""


class BasisRetireForm(forms.Form):
    version = VersionField()
    reason = forms.CharField(label=_("Reason for retiring"), max_length=200,
                             help_text=_("e.g. 已被2024年修订版废止"))


class BasisSearchForm(forms.Form):
    q = forms.CharField(label=_("Regulation, article or words of the summary"), required=False,
                        max_length=SHORT_TEXT)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[
        ("", _("In force")), ("retired", _("Retired")), ("all", _("All"))])


class PracticeForm(forms.ModelForm):
    class Meta:
        model = GoodPractice
        fields = ["kind", "area", "title", "description", "source_finding"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_finding"].queryset = inspection.findings.all()
        self.fields["source_finding"].empty_label = _("— none —")


class PracticeSearchForm(forms.Form):
    q = forms.CharField(label=_("Title, description or unit"), required=False,
                        max_length=SHORT_TEXT)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("Any status")), *GoodPractice.Status.choices])
    area = forms.ChoiceField(label=_("Area"), required=False, choices=[
        ("", _("All areas")), *GoodPractice.Area.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[
        ("", _("All kinds")), *GoodPractice.Kind.choices])
    inspection = forms.IntegerField(required=False, widget=forms.HiddenInput,
                                    min_value=1, max_value=2**31 - 1)


class AnswerForm(forms.Form):
    """One decision button of an actions table, with its note (and a new date, for some)."""

    action = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Answer or comment"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=SHORT_TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    due_on = forms.DateField(required=False, label=_("New reply date"))


class PaperForm(forms.ModelForm):
    file = forms.FileField(label=_("File (PDF, Word, JPG or PNG)"))

    class Meta:
        model = OfficePaper
        fields = ["kind", "title", "document_number", "dated_on", "year", "note"]
        widgets = {"dated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "note": forms.Textarea(attrs={"rows": 2})}


class PaperSearchForm(forms.Form):
    q = forms.CharField(label=_("Title or document number"), required=False,
                        max_length=SHORT_TEXT)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[
        ("", _("All kinds")), *OfficePaper.Kind.choices])
    year = forms.IntegerField(label=_("Year it concerns"), required=False, min_value=2000,
                              max_value=2100)

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    Administrator,
    LeadershipGroupMember,
    OfficeMember,
    OrganHandler,
    OrgUnit,
    PartyGroupMember,
    UnitContact,
    User,
)


class VersionedModelForm(forms.ModelForm):
    """Carries the version the user started from so a concurrent change is refused, not lost."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class OrgUnitForm(VersionedModelForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "short_name", "kind", "parent", "is_receiving_organ", "organ_kind",
                  "sort_order", "is_active"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_receiving_organ") and not cleaned.get("organ_kind"):
            self.add_error("organ_kind", _("Choose the kind of receiving organ."))
        if not cleaned.get("is_receiving_organ"):
            cleaned["organ_kind"] = ""
        return cleaned


class UserForm(VersionedModelForm):
    """No password field: the person sets their own through the link sent to their e-mail;
    the account is switched on and off by the disable/enable actions, which end sessions."""

    class Meta:
        model = User
        fields = ["username", "full_name", "org_unit", "position_title", "phone", "email",
                  "api_only"]
        help_texts = {"email": _("The activation link goes to this address, and only there.")}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class RoleRecordForm(VersionedModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Moving a role to someone else is a removal plus a new record, so both histories stay.
        if self.instance.pk:
            self.fields["user"].disabled = True


class PartyGroupMemberForm(RoleRecordForm):
    class Meta:
        model = PartyGroupMember
        fields = ["user", "is_secretary", "duty", "supervised_units"]
        widgets = {"supervised_units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervised_units"].queryset = OrgUnit.objects.exclude(
            kind=OrgUnit.Kind.DEPARTMENT
        )


class LeadershipGroupMemberForm(RoleRecordForm):
    class Meta:
        model = LeadershipGroupMember
        fields = ["user", "position", "duty"]


class OfficeMemberForm(RoleRecordForm):
    class Meta:
        model = OfficeMember
        fields = ["user", "position"]


class UnitContactForm(RoleRecordForm):
    class Meta:
        model = UnitContact
        fields = ["user", "unit", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.exclude(kind=OrgUnit.Kind.DEPARTMENT)


class OrganHandlerForm(RoleRecordForm):
    class Meta:
        model = OrganHandler
        fields = ["user", "organ"]


class AdministratorForm(RoleRecordForm):
    class Meta:
        model = Administrator
        fields = ["user", "kind"]


class RoleKind:
    def __init__(self, slug, model, form_class, title):
        self.slug, self.model, self.form_class, self.title = slug, model, form_class, title


ROLE_KINDS = {
    kind.slug: kind
    for kind in [
        RoleKind("party_group", PartyGroupMember, PartyGroupMemberForm, _("Party group")),
        RoleKind("leadership_group", LeadershipGroupMember, LeadershipGroupMemberForm,
                 _("Leadership group")),
        RoleKind("office", OfficeMember, OfficeMemberForm, _("Inspection office")),
        RoleKind("unit_contact", UnitContact, UnitContactForm, _("Target unit contacts")),
        RoleKind("organ_handler", OrganHandler, OrganHandlerForm,
                 _("Receiving organ handlers")),
        RoleKind("administrator", Administrator, AdministratorForm,
                 _("Administrators (三员)")),
    ]
}

from django import forms
from django.contrib.auth.forms import SetPasswordMixin
from django.utils.translation import gettext_lazy as _

from .models import (
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
    class Meta:
        model = User
        fields = ["username", "full_name", "org_unit", "position_title", "phone", "email",
                  "is_active"]


class UserCreateForm(SetPasswordMixin, UserForm):
    password1, password2 = SetPasswordMixin.create_password_fields()

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        self.validate_password_for_user(self.instance)


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
    ]
}

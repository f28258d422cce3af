from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    LeadershipGroupMember,
    OfficeMember,
    OrganHandler,
    OrgUnit,
    PartyGroupMember,
    UnitContact,
    User,
)


@admin.register(User)
class XunchaUserAdmin(GuardedModelAdminMixin, SimpleHistoryAdmin, UserAdmin):
    list_display = ["username", "full_name", "org_unit", "is_active"]
    search_fields = ["username", "full_name"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (None, {"fields": ["full_name", "phone", "org_unit", "position_title"]}),
    ]


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "is_receiving_organ", "is_active"]
    list_filter = ["kind", "is_receiving_organ"]
    search_fields = ["name"]


class RoleRecordAdmin(SimpleHistoryAdmin):
    """Read-only: role changes go through the app's services so groups stay in sync."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in [PartyGroupMember, LeadershipGroupMember, OfficeMember, UnitContact, OrganHandler]:
    admin.site.register(model, RoleRecordAdmin)

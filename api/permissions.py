from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import ApiToken, Scope


class TokenScope(BasePermission):
    """Signed in, and a token only within its scopes: reading needs `read` (or the view's own
    `read_scope`), each write the scope its view names (`write_scope`). Who may act on which
    object is still decided by the actions tables in the services, exactly as on the pages."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        if request.method in SAFE_METHODS:
            scope = getattr(view, "read_scope", Scope.READ)
        else:
            scope = getattr(view, "write_scope", None)
        if scope is None or not token.allows(scope):
            label = dict(Scope.choices).get(scope, "")
            raise PermissionDenied(_("This token's scopes do not include: %(scope)s.")
                                   % {"scope": label or _("this write")}, code="scope")
        return True

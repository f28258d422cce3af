"""Who may see the read side across apps: the figures, the coverage matrix, the profiles and the
报备 package. Each page checks one named rule here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Role

OVERSIGHT = (Role.OFFICE, Role.LEADERSHIP, Role.PARTY_GROUP)


def sees_figures(user):
    """Dashboards and the coverage matrix: the office, the leadership group and the party group."""
    return user.has_role(*OVERSIGHT)


def sees_profiles(user):
    """Art 35 profiles name people: the same three bodies, and nobody else learns they exist."""
    return user.has_role(*OVERSIGHT)


def files_with_province(user):
    """The 报备 package is assembled and sent by the office (Art 8 (6), Art 17)."""
    return user.has_role(Role.OFFICE)


def ensure(allowed):
    if not allowed:
        raise PermissionDenied


def ensure_or_404(allowed):
    if not allowed:
        raise Http404

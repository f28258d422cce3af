"""The one transition function every life cycle uses; each app keeps its own TRANSITIONS table."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def stale_error():
    return ValidationError(_("Someone else changed this record. Reload it."), code="stale")


def transition(obj, action, table, *, by, expected_version=None, reason=""):
    """Moves `obj` along `table[(status, action)]`, bumps its version and saves with history.

    Refuses a stale version (someone changed the record since the user loaded it) and any move
    the table does not list."""
    if expected_version is not None and obj.version != expected_version:
        raise stale_error()
    new_status = table.get((obj.status, action))
    if new_status is None:
        raise ValidationError(_("Not allowed in status “%(status)s”."),
                              code="illegal_transition",
                              params={"status": obj.get_status_display()})
    obj.status, obj.version = new_status, obj.version + 1
    obj._change_reason, obj._history_user = reason or action, by
    obj.save()

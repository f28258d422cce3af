"""The one transition function every life cycle uses, and the one versioned save beside it.

Each app keeps its own TRANSITIONS table; every status change goes through `transition()`,
every other edit of a user-edited record through `save_versioned()`, both on a row that
`locked()` fetched inside the service's transaction."""

from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _
from simple_history.signals import pre_create_historical_record


def stale_error():
    return ValidationError(_("Someone else changed this record. Reload it."), code="stale")


def locked(obj):
    """The row as it is now, locked until the transaction ends (select_for_update)."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def check_version(obj, expected_version):
    if expected_version is not None and obj.version != expected_version:
        raise stale_error()


def save_versioned(obj, *, by, reason, expected_version=None, clean=True, exclude=None):
    """Saves a new or edited record with history; an edit must name the version it started
    from, so two people editing at once never silently overwrite each other."""
    if obj.pk:
        check_version(obj, expected_version)
        obj.version += 1
    obj._history_user, obj._change_reason = by, (reason or "")[:REASON_LENGTH]
    if clean:
        obj.full_clean(exclude=exclude)
    obj.save()
    return obj


def save_with_links(obj, *, by, reason, links=None, files=None, expected_version=None,
                    clean=True, exclude=None):
    """save_versioned for a record with many-to-many links or uploaded files: its fields,
    links and files go into one history row. simple-history otherwise writes a row for the
    save, then one more per relation set or stored file (a file's name depends on the row's
    id, so it is stored after the first save), and one action would read as several."""
    created = obj._state.adding
    obj.skip_history_when_saving = True
    try:
        save_versioned(obj, by=by, reason=reason, expected_version=expected_version,
                       clean=clean, exclude=exclude)
        for name, values in (links or {}).items():
            getattr(obj, name).set(values)
        for name, upload in (files or {}).items():
            if upload is not None:
                getattr(obj, name).save(upload.name, upload, save=False)
    finally:
        del obj.skip_history_when_saving
    obj._history_created = created
    try:
        obj.save()
    finally:
        del obj._history_created
    return obj


@receiver(pre_create_historical_record)
def _recorded_as_created(sender, instance, history_instance, **kwargs):
    # The second save of save_with_links is, for the history, the creation.
    if getattr(instance, "_history_created", False):
        history_instance.history_type = "+"


def transition(obj, action, table, *, by, expected_version=None, reason=""):
    """Moves `obj` along `table[(status, action)]`, bumps its version and saves with history.

    Refuses a stale version (someone changed the record since the user loaded it) and any move
    the table does not list."""
    check_version(obj, expected_version)
    new_status = table.get((obj.status, action))
    if new_status is None:
        raise ValidationError(_("Not allowed in status “%(status)s”."),
                              code="illegal_transition",
                              params={"status": obj.get_status_display()})
    obj.status, obj.version = new_status, obj.version + 1
    obj._change_reason, obj._history_user = stored_reason(action, reason), by
    obj.save()


# simple_history's reason column holds 100 characters; PostgreSQL refuses more.
REASON_LENGTH = 100


def stored_reason(action, detail=""):
    """The action's code, then what the person wrote (a comment, a meeting, a number):
    language-neutral in the database, put into words by config/history.py."""
    if not detail or detail == action:
        return action[:REASON_LENGTH]
    return f"{action}|{detail}"[:REASON_LENGTH]

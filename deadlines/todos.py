"""The 待办 queue (DESIGN §2, oversight): a row per person and piece of work, written by the
service that hands the work over and settled when anyone entitled takes one of its actions.

Rows are written only for people whom the actions table lets act on the object now, so the
queue never offers work its reader cannot do; `todos_reconcile` closes the rows whose work
went away by another path (a member left the team, a round was cancelled)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import receiver
from django.utils.module_loading import autodiscover_modules

from accounts.models import User
from config.actions import action_taken, table_labelled

from . import clock
from .models import Deadline, Todo


def _pending_deadline_of(obj, kind=None):
    deadlines = Deadline.objects.pending().filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    if kind is not None:
        deadlines = deadlines.filter(kind=kind)
    return deadlines.order_by("due_on", "pk").first()


def todos_write(*, users, table, action, obj, title, url, deadline_kind=None, deadline_of=None,
                dated=True):
    """Puts the work (`action` of `table` on `obj`) in the queue of each of `users` who may
    take it now; returns how many rows were written. Its due date is that of the pending
    deadline of `deadline_kind` (by default the earliest pending one) on `deadline_of`, by
    default `obj` itself; `dated=False` for work that no deadline binds (the team's 销号 check
    is not the unit's rectification deadline)."""
    ids = {getattr(user, "pk", user) for user in users} - {None}
    people = [person for person in User.objects.filter(pk__in=ids, is_active=True)
              if table.bound(person, action, obj) is not None
              and (table.visible is None or table.visible(person).filter(pk=obj.pk).exists())]
    if not people:
        return 0
    content_type = ContentType.objects.get_for_model(obj)
    deadline = _pending_deadline_of(deadline_of or obj, deadline_kind) if dated else None
    already = set(Todo.objects.filter(
        recipient__in=people, content_type=content_type, object_id=obj.pk, table=table.label,
        action=action, done_at__isnull=True).values_list("recipient_id", flat=True))
    rows = [Todo(recipient=person, content_type=content_type, object_id=obj.pk,
                 table=table.label, action=action, title=str(title)[:200], url=url,
                 deadline=deadline)
            for person in people if person.pk not in already]
    Todo.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def todo_waiting(*, table, action, obj):
    """Whether this work already waits in someone's queue (so it is not handed over twice)."""
    return Todo.objects.filter(content_type=ContentType.objects.get_for_model(obj),
                               object_id=obj.pk, table=table.label, action=action,
                               done_at__isnull=True).exists()


def todos_withdraw(*, table, action, obj):
    """The work went back before anyone took it (a team became incomplete again): it leaves
    every queue, settled by nobody."""
    return Todo.objects.filter(content_type=ContentType.objects.get_for_model(obj),
                               object_id=obj.pk, table=table.label, action=action,
                               done_at__isnull=True).update(done_at=clock.now())


@receiver(action_taken)
def todos_settle(sender, *, user, action, obj, **kwargs):
    """Whoever of the entitled people takes the action, the work leaves every queue."""
    return Todo.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
        table=sender.label, action__in=sender.alternatives(action.name), done_at__isnull=True,
    ).update(done_at=clock.now(), done_by=user if user and user.is_authenticated else None)


def _still_waiting(todo, table):
    if todo.action not in table.actions:
        return False
    rows = table.model.objects if table.visible is None else table.visible(todo.recipient)
    obj = rows.filter(pk=todo.object_id).first()
    if obj is None:
        return False
    return any(table.bound(todo.recipient, name, obj) is not None
               for name in table.alternatives(todo.action))


def todos_reconcile():
    """Closes the open rows whose person can no longer act; returns how many. Run by an hourly
    beat task: drift between the queue and the actions tables lasts an hour at most.

    A worker imports only what its tasks need, so every app's actions table is loaded first;
    a row of a table that still is not known (an app removed) is left alone, not closed."""
    autodiscover_modules("actions")
    closed = 0
    for todo in Todo.objects.filter(done_at__isnull=True).select_related("recipient").iterator():
        table = table_labelled(todo.table)
        if table is None:
            continue
        if not todo.recipient.is_active or not _still_waiting(todo, table):
            with transaction.atomic():
                closed += Todo.objects.filter(pk=todo.pk, done_at__isnull=True).update(
                    done_at=clock.now())
    return closed


def todos_open_for(user):
    """This person's open work, each row with `level` and `work` (its group's label) set."""
    today = clock.today()
    rows = list(Todo.objects.filter(recipient=user, done_at__isnull=True)
                .select_related("deadline"))
    for row in rows:
        table = table_labelled(row.table)
        action = table.actions.get(row.action) if table else None
        row.work = action.work if action else ""
        row.level = row.deadline.current_level(today) if row.deadline else Deadline.Level.NONE
        row.due_on = row.deadline.due_on if row.deadline else None
    return rows

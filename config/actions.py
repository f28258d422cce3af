"""Who may act (STYLE §4): one actions table per app, beside its TRANSITIONS.

The tables are read by the services (`ensure_can`, before anything changes), by the pages
(`actions_for`: only what this user may do now, with the confirmation text of irreversible
steps), by the 待办 queue and by the role-rule matrix test. Nothing else decides who may act.

Order of the checks, so that each answer tells the user what they need to know:
1. the object is not visible to the user → 404, the same as a missing object;
2. the role rule fails → 403 naming who may do it;
3. separation of duties (`unless`) → 403 saying why this person may not;
4. wrong state or an unmet requirement → ValidationError saying what must happen first.
"""

import sys
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.dispatch import Signal
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

REGISTRY = []

# Sent by `ensure_can` once an action that settles work is allowed. The service must ask inside
# its own transaction (`ensure_can` refuses otherwise): the 待办 it settles is then undone with
# the service when anything after the check fails.
action_taken = Signal()  # sender=ActionTable; user, action, obj


def _in_service_transaction():
    """Whether an atomic block of the code (not the test case's own wrapping) is open.

    `_from_testcase` is Django's own marker (used for durable blocks); should an upgrade drop
    it, every work-bearing service fails loudly with AttributeError, not silently."""
    return any(not block._from_testcase for block in connection.atomic_blocks)


class Denied(PermissionDenied):
    """A visible object and a forbidden action; the 403 page shows the message."""

    def __init__(self, message, *, action=""):
        super().__init__(message)
        self.message, self.action = str(message), action


def anyone(user, obj=None):
    """The public online petition form (Art 13): no sign-in."""
    return True


def signed_in(user, obj=None):
    return user is not None and user.is_authenticated and user.is_active


@dataclass(frozen=True)
class Requirement:
    """A precondition outside the object's own status; unmet, the action is shown disabled."""

    test: object  # obj -> bool
    message: object  # what must happen first
    code: str = "not_now"


@dataclass(frozen=True)
class Action:
    name: str
    label: object
    who: object  # a named role rule: (user, obj) -> bool
    who_text: object  # who may do it, shown on the 403 page
    from_states: frozenset | None = None
    unless: object = None  # separation of duties: (user, obj) -> bool
    unless_text: object = None
    requires: tuple = ()
    irreversible: object = None  # the confirmation names the consequence
    done: object = None  # what happened and what comes next
    public: bool = field(default=False)
    # The 待办 group this action settles ("待审批"); actions of one table sharing it are
    # alternatives (approve or return), and taking any of them settles the work for everyone.
    work: object = None

    def __post_init__(self):
        if self.from_states is not None:
            object.__setattr__(self, "from_states", frozenset(self.from_states))


@dataclass
class BoundAction:
    """One action as a page draws it for one user and one object."""

    action: Action
    obj: object
    enabled: bool
    reason: str = ""

    @property
    def name(self):
        return self.action.name

    @property
    def label(self):
        return self.action.label

    @property
    def confirm(self):
        return self.action.irreversible or ""

    @property
    def done(self):
        return self.action.done

    @property
    def css(self):
        """Sending work back is drawn apart from moving it on."""
        return "btn-outline-danger" if self.name in {"return", "decline"} else "btn-primary"


class Work:
    """What a piece of work asks of its person: the 待办 groups of the home page."""

    APPROVE = gettext_lazy("To approve")
    SIGN = gettext_lazy("To sign off")
    CONSENT = gettext_lazy("To consent")
    SIGN_FOR = gettext_lazy("To sign for")
    REVIEW = gettext_lazy("To review")
    CLOSE = gettext_lazy("To close off")
    RESULT = gettext_lazy("Result to report")
    REPLY = gettext_lazy("To reply")
    DRAFT = gettext_lazy("To draw up or revise")
    RECTIFY = gettext_lazy("To rectify again")
    DECIDE = gettext_lazy("To decide")
    TRANSFER = gettext_lazy("To transfer")
    PROPOSE = gettext_lazy("To propose an opinion")
    HEAR = gettext_lazy("To hear")
    AUTHORISE = gettext_lazy("To authorise")
    CONFIRM = gettext_lazy("To confirm receipt")
    ANSWER = gettext_lazy("To answer")
    OPINION = gettext_lazy("To give an opinion")
    RECORD = gettext_lazy("To record")
    DECLARE = gettext_lazy("To declare ties")
    PLEDGE = gettext_lazy("To sign the pledge")
    ISSUE = gettext_lazy("To issue")
    HANDLE = gettext_lazy("To handle")


_memo = ContextVar("action_rule_memo", default=None)
_installing = ContextVar("installing", default=False)


@contextmanager
def installing():
    """Setting up an instance (seed_demo, the test factories): writes with no acting person
    (`by=None`) are allowed inside this block and nowhere else. Requests never enter it."""
    token = _installing.set(True)
    try:
        yield
    finally:
        _installing.reset(token)


def memoized(function):
    """Caches a role-rule helper while one page draws its actions (many rules ask the same
    question); outside `drawing()` every call asks the database, so services never act on an
    answer that changed since."""

    @wraps(function)
    def wrapper(*args):
        memo = _memo.get()
        if memo is None:
            return function(*args)
        key = (function, *(getattr(a, "pk", a) for a in args))
        if key not in memo:
            memo[key] = function(*args)
        return memo[key]

    return wrapper


@contextmanager
def drawing(memo=None):
    """Role rules answered once while a page draws; `memo` carries the answers across the
    page's several drawing blocks (each {% action %} tag is one)."""
    token = _memo.set({} if memo is None else memo) if _memo.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _memo.reset(token)


def page_drawing(request):
    """One memo of role answers per request, shared by the view's reads and every
    {% action %} tag of its page: a page asking about ten actions on one inspection asks the
    database who is on its team once. Services run before the page is drawn and never inside
    this block, so they always ask afresh."""
    if request is None:
        return drawing()
    if not hasattr(request, "_action_memo"):
        request._action_memo = {}
    return drawing(request._action_memo)


def _status_label(obj):
    display = getattr(obj, "get_status_display", None)
    return str(display()) if display else ""


class ActionTable:
    """The actions on one kind of object; `visible(user)` is access.py's queryset."""

    def __init__(self, model, actions, *, visible=None):
        self.model, self.visible = model, visible
        self.actions = {action.name: action for action in actions}
        # Several apps act on an inspection: the label names the app whose table it is.
        app = sys._getframe(1).f_globals["__name__"].split(".")[0]
        self.label = f"{app}.{model.__name__}"
        REGISTRY.append(self)

    def __repr__(self):
        return f"<ActionTable {self.label}>"

    def __iter__(self):
        return iter(self.actions.values())

    def __getitem__(self, name):
        return self.actions[name]

    def _state_labels(self, states):
        labels = dict(self.model.Status.choices) if hasattr(self.model, "Status") else {}
        return "、".join(str(labels.get(state, state)) for state in sorted(states))

    def _current(self, user, obj):
        """The object as stored now and as this user may see it: the caller's copy may be
        stale (a page opened before someone else acted). Not visible → 404, as if missing."""
        if obj is None or obj.pk is None:
            return obj
        rows = self.model.objects if user is None or self.visible is None else self.visible(user)
        current = rows.filter(pk=obj.pk).first()
        if current is None:
            raise Http404
        return current

    def _refusal(self, user, action, obj):
        """The role or separation-of-duties refusal, or None when this user may act."""
        if not action.who(user, obj):
            return _("Only %(who)s can do this: %(action)s.") % {
                "who": action.who_text, "action": action.label}
        if action.unless is not None and action.unless(user, obj):
            return str(action.unless_text)
        return None

    def _blocker(self, action, obj):
        """(what must happen first, code), or None when the state allows the action now."""
        if obj is None:
            return None
        if action.from_states is not None and obj.status not in action.from_states:
            return _("“%(action)s” is possible only when the status is %(states)s; it is now "
                     "“%(status)s”.") % {"action": action.label,
                                         "states": self._state_labels(action.from_states),
                                         "status": _status_label(obj)}, "not_now"
        for requirement in action.requires:
            if not requirement.test(obj):
                return str(requirement.message), requirement.code
        return None

    def _allowed(self, user, name, obj):
        action = self.actions[name]
        if action.public or (user is None and _installing.get()):
            return action, self._current(None, obj)
        if user is None or not user.is_authenticated:
            raise Http404
        obj = self._current(user, obj)
        if refusal := self._refusal(user, action, obj):
            raise Denied(refusal, action=name)
        return action, obj

    def ensure_allowed(self, user, name, obj=None):
        """Visibility, role and separation of duties: for a page that shows an action's form."""
        return self._allowed(user, name, obj)[0]

    def ensure_can(self, user, name, obj=None, *, settles=True):
        """Every state-changing service calls this first, before it changes anything.

        `settles=False` for a step on the way that leaves the work waiting (a partial result)."""
        action, current = self._allowed(user, name, obj)
        if blocker := self._blocker(action, current):
            message, code = blocker
            raise ValidationError(message, code=code)
        if settles and action.work is not None and current is not None \
                and current.pk is not None:
            if not _in_service_transaction():
                raise RuntimeError(f"{self.label}:{name} settles work: ask ensure_can inside the "
                                   "service's transaction.atomic()")
            action_taken.send(sender=self, user=user, action=action, obj=current)
        return action

    def alternatives(self, name):
        """The actions that settle the same work as `name` (itself included)."""
        work = self.actions[name].work
        return [a.name for a in self.actions.values() if a.work is work] \
            if work is not None else [name]

    def bound(self, user, name, obj=None):
        """The action as drawn for this user: None when they may not take it at all or its
        state has passed; disabled with the reason when it waits for something else."""
        action = self.actions[name]
        if not action.public and (user is None or not user.is_authenticated):
            return None
        with drawing():
            if self._refusal(user, action, obj):
                return None
            if obj is not None and action.from_states is not None \
                    and obj.status not in action.from_states:
                return None
            blocker = self._blocker(action, obj)
        return BoundAction(action, obj, enabled=blocker is None,
                           reason=blocker[0] if blocker else "")

    def actions_for(self, user, obj=None):
        with drawing():
            return [bound for name in self.actions
                    if (bound := self.bound(user, name, obj)) is not None]


def table_labelled(label):
    return next((table for table in REGISTRY if table.label == label), None)


def tables_for(model):
    return [table for table in REGISTRY if table.model is model]


def actions_for(user, obj):
    """Every table's actions on this object that this user may see now."""
    with drawing():
        return [bound for table in tables_for(type(obj))
                for bound in table.actions_for(user, obj)]


def bound_action(user, obj, name):
    for table in tables_for(type(obj)):
        if name in table.actions:
            return table.bound(user, name, obj)
    raise KeyError(name)


def only_visible(user, queryset):
    """The rows of `queryset` this user may open, by the actions table of the app that defines
    their model: lower apps can list records of higher ones (a unit's inspections) without
    importing them."""
    model = queryset.model
    tables = [t for t in REGISTRY if t.model is model and t.visible is not None
              and t.label.startswith(f"{model._meta.app_label}.")]
    if not tables:
        return queryset.none()
    return queryset.filter(pk__in=tables[0].visible(user).values("pk"))


def url_if_visible(user, obj, *, url=None, app=None):
    """`url` (the object's own page by default) when `user` may see `obj` there, "" otherwise,
    so that a page never offers a link that answers 404 (a deadline's subject, a source).

    Visibility is that of the actions table of the app whose page it is (`app`, by default the
    app that defines the model): an inspection's own page and its rectification page are seen
    by different people."""
    if obj is None or (url is None and not hasattr(obj, "get_absolute_url")):
        return ""
    app = app or obj._meta.app_label
    tables = [t for t in REGISTRY if type(obj) is t.model and t.visible is not None
              and t.label.startswith(f"{app}.")]
    if any(t.visible(user).filter(pk=obj.pk).exists() for t in tables):
        return url or obj.get_absolute_url()
    return ""

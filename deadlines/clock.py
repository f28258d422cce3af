"""The only place that reads the current time, so tests can fix it."""

from contextlib import contextmanager

from django.utils import timezone

_frozen_at = None


def now():
    return _frozen_at or timezone.now()


def today():
    return timezone.localdate(now())


@contextmanager
def frozen(at):
    """Fixes now() (an aware datetime) for the duration of the block."""
    global _frozen_at
    previous, _frozen_at = _frozen_at, at
    try:
        yield
    finally:
        _frozen_at = previous

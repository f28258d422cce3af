import hashlib
import hmac
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ChainHead, SecurityEvent


def _digest(prev_hash, payload):
    message = prev_hash + json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hmac.new(settings.AUDIT_HMAC_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def _payload(event):
    return {
        "created_at": event.created_at.isoformat(),
        "kind": event.kind,
        "user_id": event.user_id,
        "username": event.username,
        "ip_address": event.ip_address,
        "target": event.target,
        "detail": event.detail,
    }


def _client_ip(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


def security_event_record(*, kind, user=None, request=None, username="", target="", detail=None):
    if user is not None and not user.is_authenticated:
        user = None
    with transaction.atomic():
        head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
        event = SecurityEvent(
            created_at=timezone.now(),
            kind=kind,
            user=user,
            username=username or (user.get_username() if user else ""),
            ip_address=_client_ip(request),
            target=str(target)[:200],
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        event.hash = _digest(head.last_hash, _payload(event))
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


def verify_chain():
    """Returns the id of the first event whose link or content was altered, or None."""
    prev_hash = "0" * 64
    for event in SecurityEvent.objects.order_by("id").iterator():
        if event.prev_hash != prev_hash or event.hash != _digest(prev_hash, _payload(event)):
            return event.pk
        prev_hash = event.hash
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != prev_hash:
        # The newest rows were deleted: report where the chain now ends.
        return SecurityEvent.objects.order_by("-id").values_list("pk", flat=True).first() or 0
    return None

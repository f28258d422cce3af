"""The security log: append-only, HMAC-chained, numbered without gaps, anchored outside the
database by signed checkpoints, verified in full by the auditor."""

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ChainHead, Checkpoint, SecurityEvent

ZERO = "0" * 64
# Besides the hourly beat task: at most this many newest events can go before an anchor sees it.
CHECKPOINT_EVERY = 100


def _digest(prev_hash, payload):
    message = prev_hash + json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hmac.new(settings.AUDIT_HMAC_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def _payload(event):
    # The user name, not the user id: deleting a person later must not change the chain.
    return {
        "seq": event.seq,
        "created_at": event.created_at.isoformat(),
        "kind": event.kind,
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
            seq=head.last_seq + 1,
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
        head.last_hash, head.last_seq = event.hash, event.seq
        head.save(update_fields=["last_hash", "last_seq"])
        if event.seq % CHECKPOINT_EVERY == 0:
            checkpoint_write(reason=Checkpoint.Reason.PERIODIC)
    return event


# Checkpoints: anchors held outside the table ------------------------------------------------

ANCHOR_FIELDS = ("created_at", "seq", "last_hash", "floor_seq", "floor_prev_hash", "reason")


def _anchor_values(anchor):
    values = {name: getattr(anchor, name) for name in ANCHOR_FIELDS} if not isinstance(
        anchor, dict) else {name: anchor[name] for name in ANCHOR_FIELDS}
    if not isinstance(values["created_at"], str):
        values["created_at"] = values["created_at"].isoformat()
    return values


def _sign(anchor):
    message = json.dumps(_anchor_values(anchor), sort_keys=True)
    return hmac.new(settings.AUDIT_HMAC_KEY.encode(), ("checkpoint" + message).encode(),
                    hashlib.sha256).hexdigest()


def anchor_file():
    return Path(settings.AUDIT_ANCHOR_FILE)


def _append_anchor(checkpoint):
    path = anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({**_anchor_values(checkpoint), "signature": checkpoint.signature},
                      sort_keys=True)
    with path.open("a", encoding="utf-8") as anchors:
        anchors.write(line + "\n")
        anchors.flush()


def _floor():
    """(first sequence number still in the table, the hash before it)."""
    latest = Checkpoint.objects.order_by("-floor_seq", "-pk").first()
    return (latest.floor_seq, latest.floor_prev_hash) if latest else (1, ZERO)


def checkpoint_write(*, reason, floor=None):
    """Signs where the chain stands now, in the table and in the anchor file."""
    with transaction.atomic():
        head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
        floor_seq, floor_prev_hash = floor or _floor()
        checkpoint = Checkpoint(created_at=timezone.now(), seq=head.last_seq,
                                last_hash=head.last_hash, floor_seq=floor_seq,
                                floor_prev_hash=floor_prev_hash, reason=reason)
        checkpoint.signature = _sign(checkpoint)
        checkpoint.save()
        transaction.on_commit(lambda: _append_anchor(checkpoint))
    return checkpoint


def file_anchors():
    path = anchor_file()
    if not path.exists():
        return []
    anchors = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            anchors.append({**json.loads(line), "line": number})
        except json.JSONDecodeError:
            anchors.append({"line": number, "broken": True})
    return anchors


# Verification -------------------------------------------------------------------------------

@dataclass
class Verification:
    events: int = 0
    first_seq: int = 0
    last_seq: int = 0
    anchors: int = 0
    problems: list = field(default_factory=list)

    @property
    def intact(self):
        return not self.problems


def verify():
    """Every link, every number, every anchor. Problems are listed, not just the first."""
    result = Verification()
    floor_seq, prev_hash = _floor()
    expected = result.first_seq = floor_seq
    hashes = {}
    for event in SecurityEvent.objects.order_by("seq").iterator():
        if event.seq != expected:
            result.problems.append(_("Events %(first)s–%(last)s are missing.")
                                   % {"first": expected, "last": event.seq - 1})
            prev_hash = event.prev_hash  # go on from the hole to find further damage
        if event.prev_hash != prev_hash or event.hash != _digest(prev_hash, _payload(event)):
            result.problems.append(_("Event %(seq)s was altered.") % {"seq": event.seq})
        hashes[event.seq] = event.hash
        prev_hash, expected = event.hash, event.seq + 1
        result.events += 1
    result.last_seq = expected - 1

    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq, head.last_hash) != (result.last_seq, prev_hash):
        result.problems.append(_("The newest events after %(seq)s are missing.")
                               % {"seq": result.last_seq})

    anchors = [(f"#{c.pk}", c) for c in Checkpoint.objects.all()]
    anchors += [(_("line %(n)s of the anchor file") % {"n": a["line"]}, a)
                for a in file_anchors()]
    for where, anchor in anchors:
        result.anchors += 1
        if isinstance(anchor, dict) and anchor.get("broken"):
            result.problems.append(_("Checkpoint %(where)s is unreadable.") % {"where": where})
            continue
        signature = anchor.signature if isinstance(anchor, Checkpoint) else anchor["signature"]
        if not hmac.compare_digest(signature, _sign(anchor)):
            result.problems.append(_("Checkpoint %(where)s is forged.") % {"where": where})
            continue
        seq = anchor.seq if isinstance(anchor, Checkpoint) else anchor["seq"]
        last_hash = anchor.last_hash if isinstance(anchor, Checkpoint) else anchor["last_hash"]
        if seq < floor_seq or seq == 0:
            continue  # archived by the maintenance command, or taken before any event
        if seq > result.last_seq:
            result.problems.append(_(
                "Checkpoint %(where)s saw event %(seq)s, but the log now ends at %(last)s: "
                "events were removed.") % {"where": where, "seq": seq,
                                           "last": result.last_seq})
        elif hashes.get(seq) != last_hash:
            result.problems.append(_("Event %(seq)s no longer matches checkpoint %(where)s.")
                                   % {"seq": seq, "where": where})
    return result


def verify_chain():
    """The first problem found, or None when the log is intact."""
    result = verify()
    return result.problems[0] if result.problems else None

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models

ZERO = "0" * 64

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION xuncha_audit_append_only() RETURNS trigger AS $$
BEGIN
    -- Only the archive command, which writes a checkpoint first, may remove old events.
    IF TG_OP = 'DELETE' AND current_setting('xuncha.audit_maintenance', true) = 'on' THEN
        RETURN OLD;
    END IF;
    -- Deleting a person clears the link only; the chain covers the kept user name.
    IF TG_OP = 'UPDATE' AND to_jsonb(NEW) -> 'user_id' = 'null'::jsonb
            AND to_jsonb(NEW) - 'user_id' = to_jsonb(OLD) - 'user_id' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the security log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_securityevent_append_only BEFORE UPDATE OR DELETE
    ON audit_securityevent FOR EACH ROW EXECUTE FUNCTION xuncha_audit_append_only();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE
    ON audit_checkpoint FOR EACH ROW EXECUTE FUNCTION xuncha_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_securityevent_append_only ON audit_securityevent;
DROP TRIGGER IF EXISTS audit_checkpoint_append_only ON audit_checkpoint;
DROP FUNCTION IF EXISTS xuncha_audit_append_only();
"""


def rechain(apps, schema_editor):
    """Numbers the events and chains them over the user name instead of the user id (so that
    deleting a person never breaks the chain). Runs before the append-only trigger exists."""
    SecurityEvent = apps.get_model("audit", "SecurityEvent")
    ChainHead = apps.get_model("audit", "ChainHead")
    key = settings.AUDIT_HMAC_KEY.encode()
    prev, seq = ZERO, 0
    for event in SecurityEvent.objects.order_by("id"):
        seq += 1
        payload = {"seq": seq, "created_at": event.created_at.isoformat(), "kind": event.kind,
                   "username": event.username, "ip_address": event.ip_address,
                   "target": event.target, "detail": event.detail}
        message = prev + json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        digest = hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
        SecurityEvent.objects.filter(pk=event.pk).update(seq=seq, prev_hash=prev, hash=digest)
        prev = digest
    ChainHead.objects.update_or_create(pk=1, defaults={"last_hash": prev, "last_seq": seq})


def triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_more_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="chainhead",
            name="last_seq",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="securityevent",
            name="seq",
            field=models.PositiveBigIntegerField(null=True, verbose_name="sequence number"),
        ),
        migrations.RunPython(rechain, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="securityevent",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="sequence number"),
        ),
        migrations.CreateModel(
            name="Checkpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(verbose_name="time")),
                ("seq", models.PositiveBigIntegerField(verbose_name="last sequence number")),
                ("last_hash", models.CharField(max_length=64)),
                ("floor_seq", models.PositiveBigIntegerField(
                    default=1, help_text="Events before it were moved to an archive file by "
                                         "the maintenance command.",
                    verbose_name="first sequence number kept")),
                ("floor_prev_hash", models.CharField(default=ZERO, max_length=64)),
                ("reason", models.CharField(choices=[
                    ("periodic", "Periodic"), ("verified", "Verified by the auditor"),
                    ("archived", "Events archived")], max_length=20, verbose_name="reason")),
                ("signature", models.CharField(max_length=64)),
            ],
            options={"verbose_name": "audit checkpoint", "ordering": ["-seq", "-pk"]},
        ),
        migrations.RunPython(triggers, drop_triggers),
    ]

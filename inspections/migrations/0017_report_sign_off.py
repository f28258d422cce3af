"""A report as sent names its signer and issuing organ of that day. Reports sent before
these columns existed take the team's name and its leader as they stand at migration time,
the nearest record there is (a documented .update() on a history-tracked model)."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q


def sign_off_sent_reports(apps, schema_editor):
    Report = apps.get_model("inspections", "Report")
    TeamMembership = apps.get_model("teams", "TeamMembership")
    for report in Report.objects.exclude(status="draft").filter(
            signer="", inspection__team__isnull=False).select_related("inspection__team"):
        team = report.inspection.team
        # The leader in post when the report went up: joined before, not yet left.
        leader = TeamMembership.objects.filter(
            Q(left_at__isnull=True) | Q(left_at__gt=report.submitted_at), team=team,
            position="leader", joined_at__lte=report.submitted_at).select_related(
            "user").order_by("-joined_at", "-pk").first()
        Report.objects.filter(pk=report.pk).update(
            issuing_organ=f"{settings.ISSUING_PARTY_GROUP}{team.name}"[:200],
            signer=leader.user.full_name[:50] if leader else "")


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0016_document_numbers'),
        ('teams', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalreport',
            name='issuing_organ',
            field=models.CharField(blank=True, max_length=200, verbose_name='issuing organ'),
        ),
        migrations.AddField(
            model_name='historicalreport',
            name='signer',
            field=models.CharField(blank=True, max_length=50, verbose_name='signed off by (签发人)'),
        ),
        migrations.AddField(
            model_name='report',
            name='issuing_organ',
            field=models.CharField(blank=True, max_length=200, verbose_name='issuing organ'),
        ),
        migrations.AddField(
            model_name='report',
            name='signer',
            field=models.CharField(blank=True, max_length=50, verbose_name='signed off by (签发人)'),
        ),
        migrations.RunPython(sign_off_sent_reports, migrations.RunPython.noop),
    ]

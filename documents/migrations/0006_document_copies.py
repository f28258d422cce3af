from django.db import migrations, models
from django.db.models import Count


def continue_from_the_log(apps, schema_editor):
    """Copies were numbered by counting a document's downloads in the security log: each
    counter goes on from there, so no number already handed out is given again."""
    SecurityEvent = apps.get_model("audit", "SecurityEvent")
    DocumentCopy = apps.get_model("documents", "DocumentCopy")
    for row in SecurityEvent.objects.filter(kind="download").order_by().values(
            "target").annotate(copies=Count("pk")):
        DocumentCopy.objects.create(target=row["target"], last_copy=row["copies"])


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_alter_securityevent_kind'),
        ('documents', '0005_document_numbers'),
    ]

    operations = [
        migrations.CreateModel(
            name='DocumentCopy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('target', models.CharField(max_length=200, unique=True)),
                ('last_copy', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(continue_from_the_log, migrations.RunPython.noop),
    ]

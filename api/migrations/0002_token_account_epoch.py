from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def current_epochs(apps, schema_editor):
    """Tokens made before this field keep working: they take their holder's epoch of today."""
    ApiToken = apps.get_model("api", "ApiToken")
    User = apps.get_model("accounts", "User")
    ApiToken.objects.update(account_epoch=Subquery(
        User.objects.filter(pk=OuterRef("user_id")).values("session_epoch")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0001_initial"),
        ("accounts", "0002_administrators"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="account_epoch",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(current_epochs, migrations.RunPython.noop),
    ]

"""Each person's outcome lives in ResultPerson rows only. The text column was the input those
rows were parsed from when a result was reported, so every reported person is already a row
and nothing is lost by dropping it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('clues', '0005_clue_from_obstruction'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='result',
            name='forms_per_person',
        ),
    ]

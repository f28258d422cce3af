"""Each person's outcome lives in ResultPerson rows only.

Results reported since 0002 had their rows parsed from the text column, so the text adds
nothing. Results reported before 0002 have the text and no rows: their lines in the
"姓名：第二种形态" format become rows, and any other line is kept at the end of the summary,
so no reported word is lost when the column goes."""

import re

from django.db import migrations

FORMS = {"不予追究": 0, "第一种形态": 1, "第二种形态": 2, "第三种形态": 3, "第四种形态": 4}
LINE = re.compile(r"^\s*([^:：\r\n]{1,50}?)\s*[:：]\s*(不予追究|第[一二三四]种形态)\s*$")


def text_to_rows(apps, schema_editor):
    Result = apps.get_model("clues", "Result")
    ResultPerson = apps.get_model("clues", "ResultPerson")
    # A result that has rows had them parsed from this text already: parsing it again would
    # give each person twice.
    for result in Result.objects.filter(people__isnull=True):
        kept, named = [], set()
        for line in result.forms_per_person.splitlines():
            match = LINE.match(line)
            if match and match[1] not in named:  # one name, one person
                named.add(match[1])
                ResultPerson.objects.create(result=result, name=match[1],
                                            form=FORMS[match[2]])
            elif line.strip():
                kept.append(line.strip())
        if kept:
            # Written in the database's own language: the reader is a Chinese office.
            result.summary = f"{result.summary}\n\n【原报送的人员处理情况】\n" + "\n".join(kept)
            result.save(update_fields=["summary"])


class Migration(migrations.Migration):

    dependencies = [
        ('clues', '0005_clue_from_obstruction'),
    ]

    operations = [
        migrations.RunPython(text_to_rows, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='result',
            name='forms_per_person',
        ),
    ]

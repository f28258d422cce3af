"""Art 19 asks for two reports; there was one, titled and written as the rectification report
(整改情况报告), so each existing report becomes the 落实整改情况报告. Its met deadline stays met;
the unit still owes the party organisation's report, and the inspection closes once it is in."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0018_immediate_numbers'),
        ('rectification', '0008_document_numbers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='rectificationreport',
            options={'ordering': ['kind']},
        ),
        migrations.AddField(
            model_name='historicalrectificationreport',
            name='kind',
            field=models.CharField(choices=[('implementation', "Party organisation's implementation report"), ('rectification', 'Rectification implementation report')], default='rectification', max_length=20, verbose_name='report'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='rectificationreport',
            name='kind',
            field=models.CharField(choices=[('implementation', "Party organisation's implementation report"), ('rectification', 'Rectification implementation report')], default='rectification', max_length=20, verbose_name='report'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='rectificationreport',
            name='inspection',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rect_reports', to='inspections.inspection'),
        ),
        migrations.AddConstraint(
            model_name='rectificationreport',
            constraint=models.UniqueConstraint(fields=('inspection', 'kind'), name='one_rectification_report_per_kind'),
        ),
    ]

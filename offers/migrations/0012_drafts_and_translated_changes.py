"""Drafts of changes to public content; public changes translated like other content;
editors may now propose changes to areas (see offers/roles.py)."""

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def english_columns(apps, schema_editor):
    PublicChange = apps.get_model("offers", "PublicChange")
    PublicChange.objects.update(title_en=models.F("title"), summary_en=models.F("summary"))


def update_roles(apps, schema_editor):
    from offers.roles import apply_roles

    apply_roles(apps, complete=False)  # documents come in 0014


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('offers', '0011_roles_for_feedback'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='publicchange',
            name='summary_ar',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='what changed, for young people'),
        ),
        migrations.AddField(
            model_name='publicchange',
            name='summary_ckb',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='what changed, for young people'),
        ),
        migrations.AddField(
            model_name='publicchange',
            name='summary_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='what changed, for young people'),
        ),
        migrations.AddField(
            model_name='publicchange',
            name='summary_fa',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='what changed, for young people'),
        ),
        migrations.AddField(
            model_name='publicchange',
            name='summary_ps',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='what changed, for young people'),
        ),
        migrations.AddField(
            model_name='publicchange',
            name='summary_ti',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='what changed, for young people'),
        ),
        migrations.AddField(
            model_name='publicchange',
            name='title_ar',
            field=models.CharField(max_length=200, null=True, verbose_name='title when it changed'),
        ),
        migrations.AddField(
            model_name='publicchange',
            name='title_ckb',
            field=models.CharField(max_length=200, null=True, verbose_name='title when it changed'),
        ),
        migrations.AddField(
            model_name='publicchange',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='title when it changed'),
        ),
        migrations.AddField(
            model_name='publicchange',
            name='title_fa',
            field=models.CharField(max_length=200, null=True, verbose_name='title when it changed'),
        ),
        migrations.AddField(
            model_name='publicchange',
            name='title_ps',
            field=models.CharField(max_length=200, null=True, verbose_name='title when it changed'),
        ),
        migrations.AddField(
            model_name='publicchange',
            name='title_ti',
            field=models.CharField(max_length=200, null=True, verbose_name='title when it changed'),
        ),
        migrations.AddField(
            model_name='publicchange',
            name='translation_sources',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='English each translation was made from'),
        ),
        migrations.CreateModel(
            name='Draft',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveIntegerField(verbose_name='item')),
                ('values', models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder, help_text='Only the fields that differ from the published version.', verbose_name='changed values')),
                ('status', models.CharField(choices=[('pending', 'Waiting for a publisher'), ('published', 'Published'), ('discarded', 'Discarded'), ('replaced', 'Replaced by a later draft')], default='pending', max_length=10, verbose_name='status')),
                ('created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='saved')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='published or discarded')),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='written by')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='kind of content')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='published or discarded by')),
            ],
            options={
                'verbose_name': 'draft change',
                'verbose_name_plural': 'draft changes',
                'ordering': ['-created', '-pk'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('content_type', 'object_id'), name='one_pending_draft_per_item')],
            },
        ),
        migrations.RunPython(english_columns, migrations.RunPython.noop),
        migrations.RunPython(update_roles, migrations.RunPython.noop),
    ]

# Member proposals (issue #8): who shared a resource, and the proposals themselves.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('resources', '0005_comments_open'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtaildocs', '0014_alter_document_file_size'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='casestudypage',
            name='shared_by',
            field=models.ForeignKey(blank=True, editable=False, help_text='The member who proposed this resource (see docs/proposals.md).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='shared by'),
        ),
        migrations.AddField(
            model_name='guidepage',
            name='shared_by',
            field=models.ForeignKey(blank=True, editable=False, help_text='The member who proposed this resource (see docs/proposals.md).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='shared by'),
        ),
        migrations.AddField(
            model_name='jobprofilepage',
            name='shared_by',
            field=models.ForeignKey(blank=True, editable=False, help_text='The member who proposed this resource (see docs/proposals.md).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='shared by'),
        ),
        migrations.AddField(
            model_name='talkpage',
            name='shared_by',
            field=models.ForeignKey(blank=True, editable=False, help_text='The member who proposed this resource (see docs/proposals.md).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='shared by'),
        ),
        migrations.AddField(
            model_name='talkpage',
            name='event_name',
            field=models.CharField(blank=True, help_text='Where the talk was given, when the event is not on CM Hub.', max_length=255, verbose_name='event (name)'),
        ),
        migrations.AddField(
            model_name='talkpage',
            name='speaker_names',
            field=models.CharField(blank=True, help_text='The speakers as a member typed them when sharing the talk; shown when no speaker is linked above.', max_length=500, verbose_name='speakers (names)'),
        ),
        migrations.CreateModel(
            name='Proposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('guide', 'How-to guide'), ('case_study', 'Case study'), ('job_profile', 'Job profile'), ('talk', 'Talk summary')], max_length=20, verbose_name='kind')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for review'), ('changes_requested', 'Changes requested'), ('published', 'Published'), ('rejected', 'Not published')], db_index=True, default='draft', max_length=20, verbose_name='status')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('language', models.CharField(choices=[('fr', 'Français'), ('en', 'English')], max_length=8, verbose_name='language')),
                ('data', models.JSONField(blank=True, default=dict, verbose_name='data')),
                ('feedback', models.TextField(blank=True, verbose_name="editor's feedback")),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='resource_proposals', to=settings.AUTH_USER_MODEL, verbose_name='member')),
                ('page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name='page')),
            ],
            options={
                'verbose_name': 'proposal',
                'verbose_name_plural': 'proposals',
                'ordering': ['-updated_at', '-pk'],
                'indexes': [models.Index(fields=['member', 'submitted_at'], name='proposal_member_submitted')],
            },
        ),
        migrations.CreateModel(
            name='ProposalFile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtaildocs.document')),
                ('image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailimages.image')),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='files', to='resources.proposal')),
            ],
            options={
                'verbose_name': 'proposal file',
                'verbose_name_plural': 'proposal files',
                'ordering': ['pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('document__isnull', False), ('image__isnull', True)), models.Q(('document__isnull', True), ('image__isnull', False)), _connector='OR'), name='proposal_file_document_or_image')],
            },
        ),
    ]

# Member proposals (issue #8): documents and images on case studies and job profiles.

import wagtail.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('resources', '0006_proposals'),
    ]

    operations = [
        migrations.AddField(
            model_name='casestudypage',
            name='attachments',
            field=wagtail.fields.StreamField([('document', 2), ('image', 5)], blank=True, block_lookup={0: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'document'}), 1: ('wagtail.blocks.CharBlock', (), {'label': 'description', 'max_length': 255, 'required': False}), 2: ('wagtail.blocks.StructBlock', [[('document', 0), ('description', 1)]], {}), 3: ('wagtail.images.blocks.ImageBlock', [], {'label': 'image'}), 4: ('wagtail.blocks.CharBlock', (), {'label': 'caption', 'max_length': 255, 'required': False}), 5: ('wagtail.blocks.StructBlock', [[('image', 3), ('caption', 4)]], {})}, help_text='Files members can download or see: a brochure, slides, screenshots…', verbose_name='documents and images'),
        ),
        migrations.AddField(
            model_name='jobprofilepage',
            name='attachments',
            field=wagtail.fields.StreamField([('document', 2), ('image', 5)], blank=True, block_lookup={0: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'document'}), 1: ('wagtail.blocks.CharBlock', (), {'label': 'description', 'max_length': 255, 'required': False}), 2: ('wagtail.blocks.StructBlock', [[('document', 0), ('description', 1)]], {}), 3: ('wagtail.images.blocks.ImageBlock', [], {'label': 'image'}), 4: ('wagtail.blocks.CharBlock', (), {'label': 'caption', 'max_length': 255, 'required': False}), 5: ('wagtail.blocks.StructBlock', [[('image', 3), ('caption', 4)]], {})}, help_text='Files members can download or see: a job description, a brochure…', verbose_name='documents and images'),
        ),
    ]

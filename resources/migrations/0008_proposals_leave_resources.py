"""Members' proposals leave the resources app (issue #14).

Only Django's picture of the models changes: their tables and rows stay
where they are, and the app that now holds the models takes them over in
its own first migration (which depends on this one).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0007_attachments"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ProposalFile"),
                migrations.DeleteModel(name="Proposal"),
            ],
            database_operations=[],
        ),
    ]

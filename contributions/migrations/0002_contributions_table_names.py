"""The proposals' tables take this app's names: resources_proposal becomes
contributions_proposal, resources_proposalfile contributions_proposalfile
(rows, keys and indexes follow the table)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("contributions", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="proposal", table=None),
        migrations.AlterModelTable(name="proposalfile", table=None),
    ]

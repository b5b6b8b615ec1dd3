"""The models and the migrations say the same thing: moving a model between
modules, or rebuilding a StreamField's blocks from shared pieces, must not
change what the database is told."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_need_no_new_migration():
    # --check exits with status 1 when a migration would be written.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

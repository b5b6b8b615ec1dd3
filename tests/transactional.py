"""Transactional tests that keep the rest of the suite's database intact.

A transactional test (``django_db(transaction=True)``) commits for real, and
Django empties every table after it. That would wipe what migrations created
(the default site, the page tree's root, groups, the editorial workflow…)
for the next transactional test of the same worker, and the page tree that
tests/conftest.py builds once per session for every test after it.

Every module of transactional tests therefore carries ``TRANSACTIONAL``:

- its tests are marked ``serialized_rollback=True``: Django reloads the
  migrated state before each of them;
- the module-scoped ``isolated_database`` fixture saves the database as the
  other tests left it, empties it so that the migrated state lands in empty
  tables, and puts the saved rows back when the module ends.

Whatever order pytest-randomly or xdist gives the modules, each transactional
test starts from a fresh installation and leaves nothing behind.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page, Site, Workflow

#: The mark of every transactional test (see the module docstring).
TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)
#: The marks of a module of transactional tests: TRANSACTIONAL and the
#: ``isolated_database`` fixture (see the module docstring).
TRANSACTIONAL_MODULE = [TRANSACTIONAL, pytest.mark.usefixtures("isolated_database")]


def flush():
    """Empty every table without resetting sequences (as Django does between
    transactional tests) nor re-running post_migrate handlers."""
    call_command(
        "flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True
    )


def database_summary():
    """A few things later tests rely on: groups, workflows, pages by locale."""
    return {
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "workflows": sorted(Workflow.objects.filter(active=True).values_list("name", flat=True)),
        "pages": sorted(Page.objects.values_list("url_path", "locale__language_code")),
        "sites": Site.objects.filter(is_default_site=True).count(),
    }


@pytest.fixture(scope="module")
def isolated_database(django_db_setup, django_db_blocker):
    """Keep the database of the tests that run after this module as it was."""
    with django_db_blocker.unblock():
        before = database_summary()
        saved = connection.creation.serialize_db_to_string()
        # Django reloads the migrated state before each test; it must land in
        # empty tables, not over the page tree built by django_db_setup.
        flush()
    yield
    with django_db_blocker.unblock():
        flush()
        connection.creation.deserialize_db_from_string(saved)
        assert database_summary() == before, "the database was not restored after the module"

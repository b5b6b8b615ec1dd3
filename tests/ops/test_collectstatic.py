"""collectstatic only runs with the production storage: collected with the
development settings, static files have no manifest and every production
page fails (/healthz/ then answers 503, see test_healthz.py)."""

import pytest
from django.core.management import CommandError, call_command


@pytest.fixture
def small_static(settings, tmp_path):
    """One static file to collect into an empty STATIC_ROOT."""
    source = tmp_path / "source"
    (source / "css").mkdir(parents=True)
    (source / "css" / "cmhub.css").write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "collected"
    return settings.STATIC_ROOT


def test_collectstatic_refuses_the_development_storage(small_static):
    with pytest.raises(CommandError, match="cmhub.settings.production"):
        call_command("collectstatic", "--noinput", verbosity=0)
    assert not small_static.exists()


def test_collectstatic_writes_the_manifest_with_the_production_storage(settings, small_static):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (small_static / "staticfiles.json").exists()
    assert list(small_static.glob("css/cmhub.*.css"))

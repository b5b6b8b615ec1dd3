"""The demo app is installed by the development and test settings only: in
production `load_demo` does not exist, and with the development settings and
DEBUG off (how a staging site loads the demo, docs/deploy.md) it still
refuses to run without --allow-production."""

from tests.processes import environment_without, run_manage

SECRET = "x9!kq2-this-is-a-long-random-secret-for-the-demo-settings-test-7c1e"


def run_with(settings_module, tmp_path, *args, **env_overrides):
    env = environment_without(
        {"DEBUG", "REDIS_URL", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS"},
        DJANGO_SETTINGS_MODULE=settings_module,
        SECRET_KEY=SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env_overrides,
    )
    return run_manage(*args, env=env)


def test_production_settings_do_not_install_the_demo(tmp_path):
    result = run_with("cmhub.settings.production", tmp_path, "load_demo", "--allow-production")
    assert result.returncode != 0
    assert "Unknown command: 'load_demo'" in result.stderr


def test_development_settings_install_the_demo_and_keep_its_guard(tmp_path):
    result = run_with("cmhub.settings.dev", tmp_path, "load_demo", "--help")
    assert result.returncode == 0, result.stderr
    assert "--allow-production" in result.stdout

    result = run_with("cmhub.settings.dev", tmp_path, "load_demo", DEBUG="false")
    assert result.returncode != 0
    assert "DEBUG is off" in result.stderr

"""Local development: debug on, console e-mail, tasks run immediately."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env

# A fixed key is acceptable on a developer's machine only; production refuses it.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"
DEBUG = env.bool("DEBUG", default=True)

# The demo content and `manage.py load_demo` (`make run`): development and
# tests only, production does not install it.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

# Keep the console readable: warnings and errors only unless asked otherwise.
LOGGING["root"]["level"] = env.str("LOG_LEVEL", default="WARNING")  # noqa: F405

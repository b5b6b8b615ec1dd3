"""WSGI entry point (gunicorn cmhub.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmhub.settings.production")

application = get_wsgi_application()

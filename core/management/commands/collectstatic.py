"""manage.py collectstatic, for production only.

Production serves static files under hashed names listed in a manifest
(whitenoise's CompressedManifestStaticFilesStorage, production settings).
Collected with the development settings, the files have no manifest and
every production page fails ("Missing staticfiles manifest entry"). So this
command refuses to run unless the settings' static storage writes a
manifest: the production settings, as the Docker image uses when it is
built. The development server serves static files without collecting them.
"""

from django.contrib.staticfiles.management.commands.collectstatic import (
    Command as CollectStaticCommand,
)
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management.base import CommandError


class Command(CollectStaticCommand):
    def handle(self, **options):
        if not isinstance(staticfiles_storage, ManifestFilesMixin):
            raise CommandError(
                "collectstatic prepares the files production serves and must run with the "
                "production settings: DJANGO_SETTINGS_MODULE=cmhub.settings.production "
                "SECRET_KEY=... python manage.py collectstatic (the Docker image does it when "
                "it is built). With the current settings the files would have no manifest and "
                "every production page would fail. The development server needs no "
                "collectstatic."
            )
        return super().handle(**options)

"""Media in object storage (S3 or compatible), behind the same rules as on disk.

Imported only when ``AWS_STORAGE_BUCKET_NAME`` is set (it needs boto3).
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from .storage import UnguessableNamesMixin


class PrivateS3Storage(UnguessableNamesMixin, S3Storage):
    """A private bucket, with unguessable names.

    ``url()`` gives the file's address under /media/, like the disk storage:
    pages never hold a signed address (which would outlive a cached
    fragment, or reach a member the file's rules shut out).
    ``core.views.serve_media`` checks those rules, then redirects to
    ``signed_url()``, valid for a few minutes.
    """

    def url(self, name):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def signed_url(self, name):
        """A short-lived signed address of the file in the bucket."""
        return super().url(name)

"""Where uploaded files are stored: under names nobody can guess.

Wagtail stores documents in ``documents/``, original images in
``original_images/`` and renditions in ``images/``, under names made from
the uploaded file's name (a member's proposal attachment is named after its
title): anyone who knows or guesses the name could ask for the file. The
storages below put each new file of those folders in a folder of its own
with a random name (``documents/<random>/charte.pdf``), so the download keeps
its human file name and the address cannot be guessed. Who may open a file
is decided in ``core.media``.

``PrivateFileSystemStorage`` is the default storage (local folder);
``core.storage_s3.PrivateS3Storage`` is its object-storage twin.
"""

import contextlib
import os
import posixpath
import secrets

from django.core.files.storage import FileSystemStorage

#: Top folders whose files each get a random folder of their own.
RANDOM_FOLDERS = frozenset({"documents", "original_images", "images"})

#: Bytes of randomness in a folder name (96 bits, 16 characters).
RANDOM_BYTES = 12


class UnguessableNamesMixin:
    """Adds a random folder to the name of every new file of
    ``RANDOM_FOLDERS`` (``documents/<random>/<name>``).

    ``generate_filename`` is what a model's FileField calls once its
    ``upload_to`` has chosen the name; restoring a backup or saving a file
    under an explicit name through ``storage.save()`` keeps the name given.
    If the name becomes longer than the field allows, Django shortens the
    file name (``get_available_name``), never the random folder.
    """

    def generate_filename(self, filename):
        name = super().generate_filename(filename).replace(os.sep, "/")
        folder, _slash, rest = name.partition("/")
        if folder in RANDOM_FOLDERS and rest and "/" not in rest:
            name = f"{folder}/{secrets.token_urlsafe(RANDOM_BYTES)}/{rest}"
        return name


class PrivateFileSystemStorage(UnguessableNamesMixin, FileSystemStorage):
    """The media folder on local disk, with unguessable names; deleting a
    file also removes the random folder it was alone in."""

    def delete(self, name):
        super().delete(name)
        folder = posixpath.dirname(name)
        if posixpath.dirname(folder) in RANDOM_FOLDERS:
            with contextlib.suppress(OSError):  # not empty (or already gone): keep it
                os.rmdir(self.path(folder))


def has_random_folder(name):
    """True when ``name`` is in a random folder of its own, or in a folder
    that gets none (``avatars/`` names are random already)."""
    parts = name.split("/")
    return parts[0] not in RANDOM_FOLDERS or len(parts) == 3


def local_path(storage, name):
    """The file's path on this machine, or None when the storage keeps its
    files elsewhere (object storage has no local path)."""
    try:
        return storage.path(name)
    except NotImplementedError:
        return None

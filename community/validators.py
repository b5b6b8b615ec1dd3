"""Validators of what members and editors type about people, institutions
and profiles: e-mail domains, X handles, links and avatar pictures."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage

domain_validator = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9](-*[a-z0-9])*)(\.[a-z0-9](-*[a-z0-9])*)+$",
    _("Enter a domain such as univ-exemple.fr (no @, no http://)."),
    flags=re.IGNORECASE,
)

#: An X (Twitter) handle, typed with or without its "@".
validate_x_handle = RegexValidator(r"^@?\w{1,30}$", _("Enter a handle like @name."))

AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_avatar(file):
    """Avatars are JPEG, PNG or WebP images of at most 2 MB, checked by their
    content (Pillow decodes them), never by their name."""
    if file.size > AVATAR_MAX_BYTES:
        raise ValidationError(_("The picture must weigh 2 MB or less."))
    try:
        file.seek(0)
        with PILImage.open(file) as image:
            image_format = image.format
            image.verify()
    except Exception as error:
        raise ValidationError(_("Upload a JPEG, PNG or WebP picture.")) from error
    finally:
        file.seek(0)
    if image_format not in AVATAR_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG or WebP picture."))


def validate_http_url(value):
    """Only http(s) links: no javascript:, data: or other schemes."""
    if value and not value.lower().startswith(("http://", "https://")):
        raise ValidationError(_("Enter an address starting with https://."))

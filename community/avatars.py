"""Members' pictures, cropped square on the server.

Whatever the member uploads (checked by `validators.validate_avatar`), CM
Hub keeps a square of AVATAR_SIZE pixels cut from its centre, turned
upright from its EXIF orientation and saved again in its own format: the
stored file carries no metadata (no camera, no GPS position), and every
avatar lines up in comments, the directory and profiles.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps

AVATAR_SIZE = 400
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def square_avatar(file):
    """The uploaded picture ``file`` as a centred square of AVATAR_SIZE pixels
    (smaller pictures are not enlarged), in a new file of the same format."""
    file.seek(0)
    with Image.open(file) as image:
        image_format = image.format
        image = ImageOps.exif_transpose(image)
        side = min(AVATAR_SIZE, image.width, image.height)
        square = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)
        if image_format == "JPEG" and square.mode not in ("RGB", "L"):
            square = square.convert("RGB")
        output = io.BytesIO()
        save_options = {"quality": 88} if image_format in ("JPEG", "WEBP") else {}
        square.save(output, format=image_format, **save_options)
    name = f"avatar.{EXTENSIONS[image_format]}"
    return SimpleUploadedFile(name, output.getvalue(), content_type=CONTENT_TYPES[image_format])

"""Members' files are taken for what their content is, never for their name:
which files the sharing form accepts, as which format, and which it refuses."""

import io
import random
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from contributions.forms import ProposalFilesField

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def image(image_format, mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, (8, 8), "teal").save(buffer, format=image_format)
    return buffer.getvalue()


def archive(*entries, stored_first=False):
    """A ZIP file holding `entries` ((name, bytes), …) in that order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for position, (name, content) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and position == 0 else None
            zipped.writestr(name, content, compress_type=method)
    return buffer.getvalue()


CONTENT_TYPES = ("[Content_Types].xml", b"<Types/>")
#: 50 KB that do not compress, as a picture is.
THUMBNAIL = ("docProps/thumbnail.jpeg", random.Random(14).randbytes(50_000))
PPTX = archive(
    CONTENT_TYPES, ("_rels/.rels", b"<Relationships/>"), ("ppt/presentation.xml", b"<p/>")
)
#: The presentation's entry far from the start: only the archive's directory finds it.
PPTX_LATE = archive(CONTENT_TYPES, THUMBNAIL, ("ppt/presentation.xml", b"<p/>"))
ODP_MIME = b"application/vnd.oasis.opendocument.presentation"
ODP = archive(("mimetype", ODP_MIME), ("content.xml", b"<office/>"), stored_first=True)
ODT = archive(
    ("mimetype", b"application/vnd.oasis.opendocument.text"),
    ("content.xml", b"<office/>"),
    stored_first=True,
)
DOCX = archive(CONTENT_TYPES, ("word/document.xml", b"<w/>"))

ACCEPTED = {
    "pdf": PDF,
    "png": image("PNG"),
    "png (a palette image)": image("PNG", mode="P"),
    "jpg": image("JPEG"),
    "webp": image("WEBP"),
    "pptx": PPTX,
    "pptx (slides after a large thumbnail)": PPTX_LATE,
    "odp": ODP,
}
REFUSED = {
    "a program": b"MZ\x90\x00\x03 not a pdf at all",
    "a web page": b"<!DOCTYPE html><script>alert(1)</script>",
    "an empty file": b"",
    "a GIF image": image("GIF"),
    "a PNG signature on a broken image": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    "a JPEG signature on a broken image": b"\xff\xd8\xff\xe0" + b"\x00" * 64,
    "a text document": ODT,
    "a Word document": DOCX,
    "a ZIP of anything": archive(("notes.txt", b"texte")),
    "a broken ZIP": b"PK\x03\x04" + b"\x00" * 64,
    "a PowerPoint without its presentation": archive(CONTENT_TYPES, ("ppt/slides/1.xml", b"")),
}


def clean(content, name):
    return ProposalFilesField().clean([SimpleUploadedFile(name, content)])


@pytest.mark.parametrize("expected", ACCEPTED)
def test_accepted_files_are_stored_as_the_format_their_content_is(expected):
    # Named as something else: the name says nothing.
    [(upload, file_format)] = clean(ACCEPTED[expected], "fichier.txt")
    assert file_format == expected.split(" ")[0]
    assert upload.read() == ACCEPTED[expected]  # read from the start when it is stored


@pytest.mark.parametrize("refused", REFUSED)
def test_other_files_are_refused_whatever_their_name(refused):
    with pytest.raises(ValidationError) as error:
        clean(REFUSED[refused], "diaporama.pptx")
    assert error.value.error_list[0].code == "wrong_type"

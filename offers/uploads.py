"""Files staff upload: the council's logo, and documents on services (leaflets, posters).

A file is judged by its bytes, never by its name: a PDF must begin like one and open
with pypdf; a picture must open with Pillow as PNG, JPEG or WebP. Pictures are then
written afresh, which drops what a camera stores in them (where and on what it was
taken) and keeps them small for phones on little data. Each file is stored under a
random name, so nothing is overwritten and no name says what staff called it.
"""

import io
import re
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF, IMAGE = "pdf", "image"
#: Pillow's name for each picture format we keep, and the file name ending we give it.
PICTURE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
}
#: The only names uploads are stored under (see UploadField): a stored name from
#: anywhere else, such as an address or an imported file, must look like this.
STORED_NAME = re.compile(r"uploads/(logo|documents)/[0-9a-f]{32}\.(pdf|png|jpg|webp)")
#: Pictures larger than this (in pixels) are refused before they are decoded: a small
#: file can claim an enormous picture and exhaust the server's memory.
MAX_PIXELS = 40_000_000


def sniff(file):
    """ "pdf", "png", "jpg" or "webp" for what the file really is; ValidationError if none."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as picture:
                found = PICTURE_FORMATS.get(picture.format)
                if found and picture.width * picture.height <= MAX_PIXELS:
                    picture.verify()
                    return found
                if found:
                    raise ValidationError(
                        _("This picture is too large to use: make it smaller first."),
                        code="too_many_pixels",
                    )
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning):
        pass
    finally:
        file.seek(0)
    raise ValidationError(
        _("This is not a PDF or a PNG, JPEG or WebP picture."), code="unknown_type"
    )


def check(file, kinds):
    """Refuse a file over the size limit, of another type, or that does not open."""
    limit = settings.UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the largest the site takes is %(limit)s."),
            code="too_big",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    found = sniff(file)
    if (PDF if found == "pdf" else IMAGE) not in kinds:
        raise ValidationError(
            _("Choose a PNG, JPEG or WebP picture.") if kinds == (IMAGE,) else _("Choose a PDF."),
            code="wrong_type",
        )
    if found == "pdf":
        check_pdf(file)
    return found


def check_pdf(file):
    try:
        reader = PdfReader(file)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is locked with a password, so readers could not open it."),
                code="encrypted",
            )
        if not len(reader.pages):
            raise PdfReadError("no pages")
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(
            _("This PDF is damaged and cannot be opened."), code="broken"
        ) from error
    finally:
        file.seek(0)


def redraw(file, ending, longest_side):
    """The picture written afresh without its metadata, no longer than `longest_side`."""
    with Image.open(file) as picture:
        picture = ImageOps.exif_transpose(picture)
        picture.thumbnail((longest_side, longest_side))
        if ending == "jpg" and picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
        out = io.BytesIO()
        options = {"png": {"optimize": True}, "jpg": {"quality": 85}, "webp": {"quality": 80}}
        picture.save(out, format=picture.format or _format(ending), **options[ending])
    return out.getvalue()


def _format(ending):
    return {value: key for key, value in PICTURE_FORMATS.items()}[ending]


class UploadField(models.FileField):
    """A FileField that takes only the kinds given, checked as above, stored as above.

    `kinds`: PDF and/or IMAGE. `folder`: under uploads/. `longest_side`: pictures are made
    no larger than this many pixels.
    """

    def __init__(self, *args, kinds=(PDF, IMAGE), folder="files", longest_side=1600, **kwargs):
        self.kinds, self.folder, self.longest_side = tuple(kinds), folder, longest_side
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(kinds=self.kinds, folder=self.folder, longest_side=self.longest_side)
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value and not value._committed:  # a new upload; a stored file was checked then
            check(value.file, self.kinds)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            ending = sniff(file.file)
            if ending != "pdf":
                data = redraw(file.file, ending, self.longest_side)
            else:
                file.file.seek(0)
                data = file.file.read()
            file.file = ContentFile(data, name=f"upload.{ending}")
            file.name = file.file.name  # the ending for generate_filename: what it really is
        return super().pre_save(model_instance, add)

    def generate_filename(self, instance, filename):
        ending = filename.rsplit(".", 1)[-1].lower()
        return f"uploads/{self.folder}/{uuid.uuid4().hex}.{ending}"


def content_type(name):
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")

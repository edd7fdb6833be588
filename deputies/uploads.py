"""Citizens' photos: checked by content, re-encoded, stored privately under random names."""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from congress_portal.core import files

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
MAX_SIDE = 2000  # stored photos are scaled down to this
ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def private_storage():
    """Not under MEDIA_URL: no web server path reaches it; views stream files after a permission check.
    On S3-compatible storage when configured (congress_portal/core/files.py)."""
    return files.private_storage()


def clean_photo(upload):
    """-> JPEG bytes of the upload, or ValidationError. The file name and declared type are ignored."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The photo is larger than 5 MB."), code="too_large")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The photo is larger than 5 MB."), code="too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Only JPEG, PNG, GIF or WebP photos are accepted."), code="format")
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="pixels")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            # Re-encoding drops EXIF (location), comments and anything appended to the file.
            image.save(out, "JPEG", quality=85)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The file is not a readable picture."), code="invalid") from None
    return out.getvalue()


def save_photo(jpeg_bytes):
    """Store cleaned JPEG bytes under a random name; -> the private storage name."""
    name = f"opinions/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.jpg"
    return private_storage().save(name, ContentFile(jpeg_bytes))

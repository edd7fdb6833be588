"""The committee's seal image on the letterhead: checked on upload, printed as a data URI.

The seal is pressed over the issuer and date (GB/T 9704: the seal covers the date, red, about 40 mm).
An upload must be a PNG with transparency, so the text under the seal stays readable through it.
"""

import base64
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 512 * 1024
MIN_SIDE = 200  # pixels: about 127 dpi over 40 mm, the least that prints sharply
MAX_SIDE = 2000
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def check_seal_png(upload):
    """The upload's bytes when it is an acceptable seal image, else ValidationError (in the user's words)."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_BYTES:
        raise ValidationError(_("The seal image is too large: at most %(limit)s KB."),
                              code="too_large", params={"limit": MAX_BYTES // 1024})
    data = upload.read()
    if not data.startswith(_PNG_SIGNATURE):
        raise ValidationError(_("The seal image must be a PNG file."), code="not_png")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()  # checks the chunks' CRCs; the image must be opened again to be read
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            width, height = image.size
            transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            if transparent and image.mode in ("RGBA", "LA", "PA"):
                transparent = image.getchannel("A").getextrema()[0] < 255
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("The seal image could not be read as a PNG file."), code="unreadable") from exc
    if not transparent:
        raise ValidationError(_("The seal image needs a transparent background, so the date under it stays readable."),
                              code="opaque")
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
        raise ValidationError(_("The seal image must be between %(low)s and %(high)s pixels a side; this one is "
                                "%(width)s × %(height)s."), code="size",
                              params={"low": MIN_SIDE, "high": MAX_SIDE, "width": width, "height": height})
    return data


def seal_uri(data):
    """A data: URI of the stored seal PNG, or "" when none was uploaded."""
    if not data:
        return ""
    return "data:image/png;base64," + base64.b64encode(bytes(data)).decode()

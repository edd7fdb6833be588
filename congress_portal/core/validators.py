import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def validate_id_number(value):
    """Resident ID number (GB 11643): 18 characters with a valid check digit."""
    value = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValidationError(_("An ID number has 18 characters: 17 digits and a digit or X."))
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS))
    if _ID_CHECK[total % 11] != value[17]:
        raise ValidationError(_("The ID number's check digit is wrong."))
    return value


def id_number_check_digit(first17):
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def validate_mobile(value):
    value = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"1[3-9]\d{9}", value):
        raise ValidationError(_("A mobile number has 11 digits and starts with 1."))
    return value


# A Chinese phone number as people write it: a mobile (138 0013 8000, 138-0013-8000, +86 13800138000), or a
# landline with its area code (027-88886666, (027)88886666, （027）8888 6666, 0710-1234567), optionally
# with an extension (-123, 转123, ext.123). A landline without its area code is refused: 7 digits
# alone cannot be told from a mobile number cut short (1380000).
_MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"(?:\+?86-?)?(?:\(0\d{2,3}\)|0\d{2,3}-?)[2-9]\d{6,7}(?:(?:-|转|ext\.?|x)\d{1,6})?",
                       re.IGNORECASE)


def validate_phone(value):
    """A mobile or landline number used in China (see above); returns it as written, trimmed."""
    text = (value or "").strip().replace("（", "(").replace("）", ")").replace("－", "-").replace("—", "-")
    text = re.sub(r"\s+", "", text)
    if _MOBILE.fullmatch(text.replace("-", "")) or _LANDLINE.fullmatch(text):
        return (value or "").strip()
    raise ValidationError(_("Enter a mobile number (11 digits, e.g. 13800138000) or a landline with its area code "
                            "(e.g. 027-88886666), optionally with an extension."))

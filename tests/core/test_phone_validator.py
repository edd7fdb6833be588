import pytest
from django.core.exceptions import ValidationError

from congress_portal.core.validators import validate_phone


@pytest.mark.parametrize("value", [
    "13800138000", "138 0013 8000", "138-0013-8000", "+86 13800138000", "19912345678",
    "027-88886666", "(027)88886666", "（027）8888 6666", "0710-8234567", "02788886666",
    "027-88886666-123", "027-88886666转123", "027 8888 6666 ext.12",
])
def test_chinese_mobiles_and_landlines_with_area_code_are_accepted(value):
    assert validate_phone(value) == value.strip()


@pytest.mark.parametrize("value", [
    "abc", "1380000", "1", "88886666", "12800138000", "138001380001", "027-1", "(027)-",
    "027-88886666-1234567", "13800138000-12", "0710-1234567", "<script>",
])
def test_junk_short_numbers_and_landlines_without_area_code_are_refused(value):
    with pytest.raises(ValidationError, match="有效的电话号码"):
        validate_phone(value)

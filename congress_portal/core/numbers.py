"""Integers read from addresses, query strings and posted forms: one parser, a 404 on anything else.

`str.isdigit` and `int` disagree: "²" and "①" are digits to the first and refused by the second (a
500), while `int` takes " 7", "+7", "1_000" and Arabic-Indic digits. A number a page reads from its
address is accepted here only as plain ASCII digits, within the range it can have (issue 12.5).
"""

import re

from django.http import Http404

# PostgreSQL's integer, as primary keys and counters are stored: a larger "id" names no row.
MAX_ID = 2**31 - 1
# The years a page can be asked about (performance files, booklets, key suggestions, ledgers).
MIN_YEAR, MAX_YEAR = 2000, 2100
_DIGITS = re.compile(r"[0-9]{1,18}")


def int_or_none(text, *, minimum=1, maximum=MAX_ID):
    """`text` as an int when written in ASCII digits only and within [minimum, maximum]; else None."""
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    elif isinstance(text, str) and _DIGITS.fullmatch(text):
        value = int(text)
    else:
        return None
    return value if minimum <= value <= maximum else None


def parse_int(text, *, minimum=1, maximum=MAX_ID):
    """As `int_or_none`, but anything else is a 404 (a page that cannot exist), never a server error."""
    value = int_or_none(text, minimum=minimum, maximum=maximum)
    if value is None:
        raise Http404
    return value


def param_int(params, name, *, default=None, minimum=1, maximum=MAX_ID):
    """`params[name]` (request.GET or request.POST) through `parse_int`; `default` when absent or empty."""
    text = params.get(name, "")
    if text == "":
        return default
    return parse_int(text, minimum=minimum, maximum=maximum)


def parse_year(text):
    return parse_int(text, minimum=MIN_YEAR, maximum=MAX_YEAR)


class YearConverter:
    """`<year:year>` in an address: a year within MIN_YEAR..MAX_YEAR; any other number matches nothing (404)."""

    regex = "[0-9]+"

    def to_python(self, value):
        year = int_or_none(value, minimum=MIN_YEAR, maximum=MAX_YEAR)
        if year is None:
            raise ValueError(value)
        return year

    def to_url(self, value):
        return str(value)

"""`{{ value|ymd }}`: a date, or a datetime in the current time zone, as 2026-11-23 ('' for none).

Lists print a date a row: Django's `date` filter and localized dates parse their format on every call
(about 50 µs); this is the one format lists use, written directly.
"""

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def ymd(value):
    if not value:
        return ""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"

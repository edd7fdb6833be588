"""`{{ s|status_badge }}`: a suggestion's state as a coloured badge (lists draw one a row)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from proposals.models import Status

register = template.Library()

_COLOURS = {
    Status.DRAFT: "secondary", Status.WITHDRAWN: "secondary",
    Status.RETURNED: "warning", Status.REPLIED: "warning",
    Status.REHANDLING: "danger",
    Status.CLOSED: "success", Status.EVALUATED: "success",
}


_badges = {}  # (language, state) -> the badge's HTML: a handful of states in two languages


@register.filter
def status_badge(suggestion):
    key = (get_language(), suggestion.status)
    badge = _badges.get(key)
    if badge is None:
        badge = _badges[key] = format_html('<span class="badge rounded-pill text-bg-{}">{}</span>',
                                           _COLOURS.get(suggestion.status, "primary"), suggestion.get_status_display())
    return badge

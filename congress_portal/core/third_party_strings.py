"""Strings of third-party apps that ship no Simplified Chinese catalogue (django-axes), or leave some out (Django).

Marked here so makemessages puts them in locale/, whose translations take precedence.
Never imported: it only feeds the catalogue.
"""

from django.utils.translation import gettext_noop

AXES = [
    gettext_noop("access attempt"), gettext_noop("access attempts"),
    gettext_noop("access failure"), gettext_noop("access failures"),
    gettext_noop("access log"), gettext_noop("access logs"),
    gettext_noop("access attempt expiration"), gettext_noop("access attempt expirations"),
    gettext_noop("Username"), gettext_noop("IP Address"), gettext_noop("User Agent"), gettext_noop("Path"),
    gettext_noop("Attempt Time"), gettext_noop("Failed Logins"), gettext_noop("Logout Time"),
    gettext_noop("Expires At"), gettext_noop("Access lock out"), gettext_noop("Access Attempt"),
    gettext_noop("GET Data"), gettext_noop("POST Data"), gettext_noop("HTTP Accept"),
]

# Django's admin (5.1+): the app list's column heads, hidden but read out by screen readers, which
# Django's own zh_Hans catalogue does not translate yet.
DJANGO_ADMIN = [gettext_noop("Model name"), gettext_noop("Add link"), gettext_noop("Change or view list link")]

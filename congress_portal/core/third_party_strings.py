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

# django-axes: the rest of what its admin shows (the login attempts' filter, columns and fieldsets).
AXES_ADMIN = [
    gettext_noop("Locked Out"), gettext_noop("Attempt Remaining"), gettext_noop("Clean up expired attempts"),
    gettext_noop("Form Data"), gettext_noop("Meta Data"), gettext_noop("Not set"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
]

# Django's add-user page (5.1+): its help line, missing from Django's zh_Hans catalogue.
DJANGO_AUTH = [gettext_noop("After you’ve created a user, you’ll be able to edit more user options.")]

# django-celery-beat: strings its zh_Hans catalogue lacks; the names of columns it leaves untranslatable
# (core/admin_beat.py) are marked where they are used.
CELERY_BEAT = [
    gettext_noop("Arguments"), gettext_noop("Execution Options"), gettext_noop("Schedule"),
    gettext_noop("Periodic Tasks Using This Schedule"),
    gettext_noop('Cron Days Of The Week to Run. Use "*" for "all", Sunday is 0 or 7, Monday is 1. (Example: "0,5")'),
    gettext_noop('Cron Months (1-12) Of The Year to Run. Use "*" for "all". (Example: "1,12")'),
]

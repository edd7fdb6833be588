from django.conf import settings
from django.utils.translation import gettext as _


def portal_name():
    """The portal's name: the PORTAL_NAME setting, or the district's name and the translated default (no query)."""
    return settings.PORTAL_NAME or settings.PORTAL_DISTRICT + _("People's Congress Standing Committee Portal")


def portal(request):
    return {"portal_name": portal_name(), "portal_district": settings.PORTAL_DISTRICT}

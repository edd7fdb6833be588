from django.conf import settings
from django.utils.translation import gettext as _


def portal(request):
    district = settings.PORTAL_DISTRICT
    return {"portal_name": settings.PORTAL_NAME or district + _("People's Congress Standing Committee Portal"),
            "portal_district": district}

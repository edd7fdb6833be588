from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from congress_portal.core.health import healthz

admin.site.site_header = _("People's Congress Standing Committee Portal")
admin.site.site_title = _("Portal administration")
admin.site.index_title = _("Work management")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("congress_portal.accounts.urls")),
    path("proposals/", include("proposals.urls")),
    path("notifications/", include("congress_portal.notifications.urls")),
    path("reports/", include("congress_portal.reports.urls")),
    path("dashboard/", include("congress_portal.dashboard.urls")),
    path("annual-report/", include("congress_portal.annual_report.urls")),
    path("public/", include("congress_portal.public.urls")),
    path("meetings/", include("congress_portal.meetings.urls")),
    path("appointments/", include("appointments.urls")),
    path("livelihood/", include("supervision.livelihood.urls")),
    path("supervision/", include("supervision.urls")),
    path("deliberations/", include("supervision.deliberation.urls")),
    path("", include("congress_portal.core.urls")),
    path("", include("deputies.urls")),
]

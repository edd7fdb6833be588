from congress_portal.core import pages

app_name = "reports"

# Each app's letters and ledgers at their stable URLs, registered from the apps' ready().
urlpatterns = pages.patterns("reports")

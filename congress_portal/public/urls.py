from congress_portal.core import pages

app_name = "public"

# The public pages of each app (published replies, ...), registered from the apps' ready().
urlpatterns = pages.patterns("public")

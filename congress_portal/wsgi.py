"""The WSGI application a production server (gunicorn, uWSGI, mod_wsgi) loads."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_portal.settings")
application = get_wsgi_application()

from congress_portal.core.warmup import settle  # noqa: E402 - needs the apps loaded above

settle()

"""Private files (suggestion attachments, citizens' photos) sent after the view's permission check.

Behind nginx (deploy/nginx/congress-portal.conf), PRIVATE_MEDIA_ACCEL_PREFIX names an `internal`
location that maps onto MEDIA_ROOT: the view checks who asks, then answers with an empty response
and an `X-Accel-Redirect` header, and nginx sends the bytes, so no Python worker is held while a
large file goes out over a slow phone connection. Nothing under that location can be fetched
directly. Without the prefix (development, tests, a server without nginx) the file is streamed
by Django, with the same headers.
"""

import os
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def private_file_response(storage, name, *, content_type, as_attachment=False, filename=None):
    """Respond with the file `name` of `storage` (a FileSystemStorage under MEDIA_ROOT)."""
    if not name or not storage.exists(name):
        raise Http404
    prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
    if prefix:
        relative = os.path.relpath(storage.path(name), os.path.abspath(settings.MEDIA_ROOT))
        if relative.startswith(".."):  # outside MEDIA_ROOT: nginx's location could not reach it
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(relative.replace(os.sep, "/"))
        disposition = content_disposition_header(as_attachment, filename or os.path.basename(name))
        if disposition:
            response["Content-Disposition"] = disposition
    else:
        response = FileResponse(storage.open(name, "rb"), as_attachment=as_attachment, filename=filename or "",
                                content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

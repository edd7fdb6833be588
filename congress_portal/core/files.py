"""Private files (suggestion attachments, citizens' photos) sent after the view's permission check.

Behind nginx (deploy/nginx/congress-portal.conf), PRIVATE_MEDIA_ACCEL_PREFIX names an `internal`
location that maps onto MEDIA_ROOT: the view checks who asks, then answers with an empty response
and an `X-Accel-Redirect` header, and nginx sends the bytes, so no Python worker is held while a
large file goes out over a slow phone connection. Nothing under that location can be fetched
directly. Without the prefix (development, tests, a server without nginx) the file is streamed
by Django, with the same headers.

On S3-compatible storage (MEDIA_S3_BUCKET, MinIO on premises) the portal streams the object itself
after the check rather than redirecting the browser to a short-lived presigned URL: the
bucket then never has to be reachable from citizens' and deputies' networks (on an intranet it
usually is not), and a link copied from a page does not open a private file to whoever gets it, even
for a minute. Uploads are small (5 MB photos, attachments limited by DATA_UPLOAD_MAX_MEMORY_SIZE), so
a worker is held for the time of one such file.
"""

import os
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def private_storage():
    """The storage of private uploads that no model field holds (citizens' photos): `private/` beside
    the other uploads, on S3 when MEDIA_S3_BUCKET is set, else under MEDIA_ROOT. Never under MEDIA_URL:
    no web server path reaches it; views stream files after a permission check."""
    if settings.MEDIA_S3_BUCKET:
        from storages.backends.s3 import S3Storage

        options = dict(settings.MEDIA_S3_OPTIONS)
        options["location"] = "/".join(p for p in (options.get("location"), "private") if p)
        return S3Storage(**options)
    return FileSystemStorage(location=settings.MEDIA_ROOT / "private", base_url=None)


def _local_path(storage, name):
    try:
        return storage.path(name)
    except NotImplementedError:  # S3 and other remote storages have no path on this machine
        return None


def private_file_response(storage, name, *, content_type, as_attachment=False, filename=None):
    """Respond with the file `name` of `storage` (under MEDIA_ROOT, or on S3-compatible storage)."""
    if not name or not storage.exists(name):
        raise Http404
    prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
    path = _local_path(storage, name)
    if prefix and path is not None:
        relative = os.path.relpath(path, os.path.abspath(settings.MEDIA_ROOT))
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

"""URL patterns that the domain apps add to a platform namespace (reports, dashboard, public).

The platform's URLconfs (congress_portal/reports/urls.py, dashboard/urls.py, public/urls.py) own the
path prefixes and the namespaces; an app adds its pages there from its AppConfig.ready(), so paths and
URL names stay stable while the views live in the app that owns the data:

    from django.urls import path
    from congress_portal.core import pages

    pages.register("public", [path("replies/", public.reply_list, name="reply_list")])

URLconfs are imported on the first request or reverse(), after every ready() has run.
"""

_PATTERNS = {}


def register(namespace, patterns):
    """Add `patterns` to `namespace`; a pattern registered again under the same name replaces the old one
    (ready() may run twice in tests)."""
    current = _PATTERNS.setdefault(namespace, [])
    names = {p.name for p in patterns if getattr(p, "name", None)}
    current[:] = [p for p in current if getattr(p, "name", None) not in names] + list(patterns)


def patterns(namespace):
    return list(_PATTERNS.get(namespace, ()))

"""Every write of the annual report: narratives (sanitised, each save a version), restores, renders."""

import dataclasses
import decimal
import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.audit.services import audit_record

from . import chapters
from .models import Narrative, NarrativeVersion, RenderState, ReportRender

# What a narrative may hold: the formatting a report needs, no attributes (no links, styles, scripts).
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "s", "ol", "ul", "li", "h3", "h4", "blockquote"}
# Bumped when the report's layout changes, so a render kept from the old layout is made again.
LAYOUT_VERSION = "2"  # 2: two faces, flattened SVG charts, figures and tables as fixed tables


def sanitise(html):
    """The narrative's HTML reduced to ALLOWED_TAGS, without attributes (nh3, the Ammonia sanitiser)."""
    import nh3

    clean = nh3.clean(html or "", tags=ALLOWED_TAGS, attributes={}, link_rel=None, strip_comments=True).strip()
    return "" if clean in ("<p></p>", "<p><br></p>") else clean


def narrative_save(*, year, chapter, html, actor, note=""):
    """Save the chapter's text for the year; a changed text appends a version. Returns the narrative."""
    if chapter not in chapters.CODES:
        raise ValueError(f"unknown chapter {chapter!r}")
    clean = sanitise(html)
    with transaction.atomic():
        narrative, _created = Narrative.objects.select_for_update().get_or_create(year=year, chapter=chapter)
        last = narrative.versions.order_by("-number").first()
        if last is not None and last.html == clean and narrative.html == clean:
            return narrative
        narrative.html = clean
        narrative.updated_by = actor if actor is not None and actor.is_authenticated else None
        narrative.save()
        number = (narrative.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        NarrativeVersion.objects.create(narrative=narrative, number=number, html=clean,
                                        author=narrative.updated_by, note=note[:200])
        audit_record(narrative, "save", actor=actor,
                     comment=_("Version %(number)s") % {"number": number} + (f"：{note}" if note else ""))
    return narrative


def narrative_restore(*, version, actor):
    """Make an earlier version the current text again (a new version, so nothing is lost)."""
    return narrative_save(year=version.narrative.year, chapter=version.narrative.chapter, html=version.html,
                          actor=actor, note=_("Restored from version %(number)s") % {"number": version.number})


def plain_data(value):
    if dataclasses.is_dataclass(value):
        return {f.name: plain_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if value is None or isinstance(value, (int, float, bool)):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)  # a figure stays a number (the Word copy prints it from this form)
    return str(value)


def fingerprint(year, sections, narratives):
    """A hash of everything the report prints: the sections' data, the texts, the letterhead, the layout."""
    from congress_portal.reports.letterhead import letterhead_values

    # The report prints no seal: a new seal image keeps the rendered report (and is not hashed on every view).
    letterhead = {key: value for key, value in letterhead_values().items() if key != "seal_uri"}
    payload = {
        "year": year, "layout": LAYOUT_VERSION, "letterhead": letterhead,
        "sections": plain_data(sections),
        "texts": {n.chapter: n.html for n in narratives},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def current_fingerprint(year):
    from congress_portal.dashboard import sections

    return fingerprint(year, sections.year_sections(year), list(Narrative.objects.filter(year=year)))


def render_start(*, year, actor):
    """Queue a render of the year's report unless one of the current data and text is kept or under way.

    Returns the render row (kept, under way, or new). The task runs on the `documents` queue after commit.
    """
    from .tasks import render_annual_report

    mark = current_fingerprint(year)
    with transaction.atomic():
        existing = (ReportRender.objects.select_for_update()
                    .filter(year=year, fingerprint=mark, state__in=[RenderState.DONE, RenderState.QUEUED,
                                                                    RenderState.RUNNING])
                    .defer("pdf", "docx", "content").order_by("-created_at").first())
        if existing is not None:
            return existing
        render = ReportRender.objects.create(year=year, fingerprint=mark,
                                             requested_by=actor if actor and actor.is_authenticated else None,
                                             step=_("Waiting for the document worker"))
        audit_record(render, "start", actor=actor, to_state=RenderState.QUEUED)
        transaction.on_commit(lambda: render_annual_report.delay(render.pk))
    return render


def renders_purge(*, now=None):
    """Keep each year's newest done render (the report the page offers, unless the data changed since) and
    every render queued or running; delete the year's older done renders (their PDF and Word files) and the
    failed renders older than EXPORT_KEEP_DAYS days (0: failed ones are kept). Returns how many were deleted.

    The done renders are read once and only those are deleted, so a render that finishes meanwhile (the
    newest one) is never taken for an old one."""
    done = ReportRender.objects.filter(state=RenderState.DONE).order_by("year", "-created_at", "-pk")
    years_seen, old = set(), []
    for pk, year in done.values_list("pk", "year"):
        if year in years_seen:
            old.append(pk)
        years_seen.add(year)
    doomed = Q(pk__in=old)
    days = settings.EXPORT_KEEP_DAYS
    if days > 0:
        cutoff = (now or timezone.now()) - timedelta(days=days)
        doomed |= Q(state=RenderState.FAILED) & (
            Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff))
    deleted, _by_model = ReportRender.objects.filter(doomed).delete()
    return deleted

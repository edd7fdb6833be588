"""Public pages (deputy and station codes, opinion form, tracking) and the work pages of deputies and staff."""

import html
import io
import operator
import re

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from congress_portal.accounts.models import Role
from congress_portal.accounts.permissions import has_role, role_required
from congress_portal.audit import labels
from congress_portal.audit.services import audit_history
from congress_portal.core.numbers import MAX_YEAR, MIN_YEAR, param_int
from congress_portal.core.searching import MAX_SEARCH_LENGTH, SEARCH_HELP, cap_search
from congress_portal.core.files import private_file_response
from congress_portal.core.workdays import add_working_days
from congress_portal.core.replica import replica_reads

from . import permissions, printing, ratelimit, selectors, services, suggestions_bridge, workflow
from .forms import AnswerForm, ForwardForm, OpinionForm, OpinionSearchForm, TrackForm, new_challenge
from .models import (
    Attendance, Deputy, DeputyGroup, LiaisonStation, Opinion, canonical_tracking_code, grouped_tracking_code,
)
from .uploads import private_storage

STAFF_ROLES = (Role.STAFF, Role.LEADER)
# Codes given out before issue 18.15: 20 characters of URL-safe base64, looked up exactly.
LEGACY_TRACKING_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{20}$")


def _this_year():
    return timezone.localdate().year


# --- Public pages -------------------------------------------------------------------------------

def _opinion_form_view(request, *, deputy=None, station=None, template, context):
    """The anonymous write path (the caller has counted the attempt against the address's rate limit):
    a one-use session challenge, a honeypot, a checked and re-encoded photo."""
    form = None
    status = 200
    if request.method == "POST":
        form = OpinionForm(request.POST, request.FILES, expected=request.session.pop("opinion_challenge", None))
        if form.is_valid():
            opinion = services.opinion_submit(
                text=form.cleaned_data["text"], deputy=deputy, station=station, photo_jpeg=form.photo_jpeg,
                citizen_name=form.cleaned_data["citizen_name"], citizen_phone=form.cleaned_data["citizen_phone"])
            # The code is shown once, on a page of its own (not in a URL the form page could leak).
            request.session["last_tracking_code"] = opinion.tracking_code
            return redirect("deputies:opinion_thanks")
        status = 400
    if form is None:
        form = OpinionForm()
    context.update(form=form, question=new_challenge(request.session))
    return render(request, template, context, status=status)


def deputy_public(request, code):
    """代表法 art. 58: a deputy's basic and performance information, and the opinion form."""
    if request.method == "POST" and not ratelimit.allow_opinion(request):
        return render(request, "deputies/rate_limited.html", status=429)
    deputy = get_object_or_404(Deputy.objects.select_related("group", "station"), public_code=code,
                               status=Deputy.Status.SERVING)
    perf = selectors.performance_table(_this_year(), deputies=[deputy])[0]
    return _opinion_form_view(request, deputy=deputy, template="deputies/public_deputy.html",
                              context={"deputy": deputy, "perf": perf})


def station_public(request, code):
    if request.method == "POST" and not ratelimit.allow_opinion(request):
        return render(request, "deputies/rate_limited.html", status=429)
    try:
        station, deputies = selectors.station_with_deputies(code)
    except LiaisonStation.DoesNotExist:
        raise Http404 from None
    return _opinion_form_view(request, station=station, template="deputies/public_station.html",
                              context={"station": station, "deputies": deputies})


def deputy_qr(request, code):
    deputy = get_object_or_404(Deputy, public_code=code, status=Deputy.Status.SERVING)
    return HttpResponse(printing.qr_png(printing.deputy_url(deputy)), content_type="image/png")


def station_qr(request, code):
    station = get_object_or_404(LiaisonStation, public_code=code, is_active=True)
    return HttpResponse(printing.qr_png(printing.station_url(station)), content_type="image/png")


def opinion_thanks(request):
    code = request.session.pop("last_tracking_code", None)
    if not code:
        return redirect("deputies:track")
    grouped = grouped_tracking_code(code)
    answer_by = add_working_days(timezone.localdate(), Opinion.ANSWER_WORKING_DAYS)
    response = render(request, "deputies/opinion_thanks.html", {
        "code": grouped, "track_url": printing.public_url(reverse("deputies:track_detail", args=[grouped])),
        "answer_days": Opinion.ANSWER_WORKING_DAYS, "answer_by": answer_by})
    response["Cache-Control"] = "private, no-store"
    return response


def _find_opinion(code):
    """The opinion a typed code names, or None: a new-style code whatever its case, spaces and dashes;
    an older code (20 mixed-case characters, before issue 18.15) exactly as it was given out."""
    canonical, legacy = canonical_tracking_code(code), (code or "").strip()
    candidates = [c for c in (canonical, legacy if LEGACY_TRACKING_CODE_RE.match(legacy) else None) if c]
    if not candidates:
        return None
    # One indexed lookup: the same work whether the code exists or not.
    return Opinion.objects.filter(tracking_code__in=candidates).select_related("deputy", "station").first()


def _not_found(request, form):
    form.add_error("code", _("No opinion has this tracking code. Check it and type it again: letters may be "
                             "typed in small or capital letters, with or without the dashes."))
    return render(request, "deputies/track.html", {"form": form}, status=404)


def track(request):
    form = TrackForm(request.GET or None)
    if form.is_valid():
        opinion = _find_opinion(form.cleaned_data["code"])
        if opinion is None:
            return _not_found(request, form)
        return redirect("deputies:track_detail", code=grouped_tracking_code(opinion.tracking_code))
    return render(request, "deputies/track.html", {"form": form}, status=400 if form.errors else 200)


def track_detail(request, code):
    """The citizen's view: status and answer, nothing about other people. A wrong code gets the lookup
    form again with a Chinese message (404)."""
    opinion = _find_opinion(code)
    if opinion is None:
        return _not_found(request, TrackForm({"code": code[:40]}))
    return render(request, "deputies/track_detail.html", {
        "opinion": opinion, "code": grouped_tracking_code(opinion.tracking_code)})


def track_qr(request, code):
    """The QR code of an opinion's tracking page, for the citizen to keep on their phone."""
    opinion = _find_opinion(code)
    if opinion is None:
        raise Http404
    url = printing.public_url(reverse("deputies:track_detail", args=[grouped_tracking_code(opinion.tracking_code)]))
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=6, border=4)
    response = HttpResponse(out.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


def directory(request):
    """The public list of deputies (basic information only)."""
    deputies = Deputy.objects.filter(status=Deputy.Status.SERVING).select_related("group", "station")
    level = request.GET.get("level", "")
    group = param_int(request.GET, "group")
    # Cut to the search limits before the query (issue 12.6); the page says so.
    q, q_cut = cap_search(request.GET.get("q", "").strip())
    if level in Deputy.Level.values:
        deputies = deputies.filter(level=level)
    if group is not None:
        deputies = deputies.filter(group_id=group)
    if q:
        deputies = deputies.filter(Q(name__contains=q) | Q(occupation__contains=q))
    page = Paginator(deputies.only("name", "level", "gender", "occupation", "public_code", "group__name",
                                   "station__name", "station__public_code"), 50).get_page(request.GET.get("page"))
    return render(request, "deputies/directory.html", {
        "page": page, "levels": Deputy.Level.choices, "level": level, "group": "" if group is None else str(group), "q": q,
        "q_cut": q_cut, "search_help": SEARCH_HELP, "search_max_length": MAX_SEARCH_LENGTH,
        "groups": DeputyGroup.objects.filter(kind=DeputyGroup.Kind.STREET),
        "stations": LiaisonStation.objects.filter(is_active=True)})


# --- Opinions: triage ---------------------------------------------------------------------------

@login_required
def opinion_list(request):
    qs = selectors.opinions_for(request.user)
    status = request.GET.get("status", "")
    if status in Opinion.Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    search = OpinionSearchForm(request.GET)
    for word in search.words():  # every word in the opinion's text
        qs = qs.filter(text__icontains=word)
    page = Paginator(qs.defer("answer"), 30).get_page(request.GET.get("page"))
    return render(request, "deputies/opinion_list.html", {
        "page": page, "status": status, "statuses": Opinion.Status.choices, "search": search,
        "keep": [("status", status)] if status else [], "q": " ".join(search.words())})


def _opinion_for(user, pk):
    opinion = get_object_or_404(Opinion.objects.select_related("deputy", "station", "forwarded_unit"), pk=pk)
    if not permissions.can_see_opinion(user, opinion):
        raise Http404
    return opinion


@login_required
def opinion_detail(request, pk):
    opinion = _opinion_for(request.user, pk)
    actions = workflow.available_actions(opinion, request.user)
    answer_form, forward_form = AnswerForm(), ForwardForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in dict(actions):
            raise PermissionDenied
        try:
            if action == "answer":
                answer_form = AnswerForm(request.POST)
                if answer_form.is_valid():
                    services.opinion_answer(opinion=opinion, actor=request.user,
                                            answer=answer_form.cleaned_data["answer"])
                    messages.success(request, _("The answer was sent; the citizen sees it with the tracking code."))
                    return redirect("deputies:opinion_detail", pk=pk)
            elif action == "forward":
                forward_form = ForwardForm(request.POST)
                if forward_form.is_valid():
                    services.opinion_forward(opinion=opinion, actor=request.user,
                                             unit=forward_form.cleaned_data["unit"],
                                             comment=forward_form.cleaned_data["comment"])
                    messages.success(request, _("The opinion was forwarded to the handling unit."))
                    return redirect("deputies:opinion_detail", pk=pk)
            elif action == "suggest":
                _opinion, url = services.opinion_suggest(opinion=opinion, actor=request.user)
                messages.success(request, _("A draft suggestion was created from the opinion; finish and submit it."))
                return redirect(url or reverse("deputies:opinion_detail", args=[pk]))
            elif action == "close":
                services.opinion_close(opinion=opinion, actor=request.user)
                messages.success(request, _("The opinion was closed."))
                return redirect("deputies:opinion_detail", pk=pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            opinion = _opinion_for(request.user, pk)
            actions = workflow.available_actions(opinion, request.user)
    return render(request, "deputies/opinion_detail.html", {
        "opinion": opinion, "actions": dict(actions), "answer_form": answer_form, "forward_form": forward_form,
        "history": labels.name_rows(audit_history(opinion)),
        "suggestion_url": suggestions_bridge.suggestion_url(opinion.suggestion_id),
        "show_name": not has_role(request.user, Role.UNIT_OFFICER) or permissions.addressed_to(request.user, opinion),
        "show_phone": permissions.can_see_citizen_phone(request.user, opinion),
        "show_photo": permissions.can_see_photo(request.user, opinion),
    })


@login_required
def opinion_photo(request, pk):
    opinion = _opinion_for(request.user, pk)
    if not opinion.photo or not permissions.can_see_photo(request.user, opinion):
        raise Http404
    # Behind nginx, nginx sends the bytes (X-Accel-Redirect) once the check above has passed.
    return private_file_response(private_storage(), opinion.photo, content_type="image/jpeg")


# --- Activities ---------------------------------------------------------------------------------

@role_required(Role.DEPUTY)
def my_activities(request):
    today = timezone.localdate()
    attendances = list(Attendance.objects.filter(deputy_id=request.user.deputy_id)
                       .select_related("activity", "activity__station").order_by("-activity__date")[:100])
    for a in attendances:
        a.current = a.standing(today)
    return render(request, "deputies/my_activities.html", {
        "coming": [a for a in attendances if a.activity.date >= today][::-1],
        "past": [a for a in attendances if a.activity.date < today]})


@require_POST
@role_required(Role.DEPUTY)
def confirm_attendance(request, pk):
    attendance = get_object_or_404(Attendance, pk=pk, deputy_id=request.user.deputy_id)
    try:
        services.attendance_confirm(attendance=attendance, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your attendance is confirmed."))
    return redirect("deputies:my_activities")


# --- Performance files --------------------------------------------------------------------------

def _year(request):
    return param_int(request.GET, "year", default=_this_year(), minimum=MIN_YEAR, maximum=MAX_YEAR)


@role_required(*STAFF_ROLES)
def performance_table(request):
    year = _year(request)
    sort = request.GET.get("sort", "name")
    desc = request.GET.get("desc") == "1"
    rows, computed_at = selectors.cached_performance_table(
        year, sort=sort if sort in selectors.SORT_KEYS else "name", descending=desc)
    cells = operator.attrgetter(*(key for key, _label in PERFORMANCE_COLUMNS))
    file_url = reverse("deputies:performance_file", args=[0, year]).replace("/0/", "/{}/")
    # 1,000 rows x 12 cells: built here with html.escape rather than by the template engine (10x faster).
    body = "".join(
        '<tr><td><a href="{url}">{name}</a></td><td>{group}</td><td class="text-end">{cells}</td></tr>'.format(
            url=file_url.format(r.deputy.pk), name=html.escape(r.deputy.name), group=html.escape(r.deputy.group_name),
            cells='</td><td class="text-end">'.join(map(str, cells(r))))
        for r in rows)
    return render(request, "deputies/performance_table.html", {
        "count": len(rows), "body": mark_safe(body),  # noqa: S308 (every value is escaped or an int)
        "computed_at": computed_at,
        "year": year, "sort": sort, "desc": desc, "years": range(_this_year(), _this_year() - 5, -1),
        "columns": PERFORMANCE_COLUMNS})


PERFORMANCE_COLUMNS = [
    ("led", _l("Suggestions led")), ("co_signed", _l("Co-signed")), ("solved", _l("Solved or adopted")),
    ("opinions", _l("Opinions received")), ("opinions_answered", _l("Opinions answered")), ("receptions", _l("Receptions")),
    ("activity_days", _l("Activity days")), ("training", _l("Training")), ("report_back", _l("Reports to voters")),
    ("activity_total", _l("All activities")),
]


@role_required(*STAFF_ROLES)
@replica_reads
def performance_xlsx(request):
    from openpyxl import Workbook

    from congress_portal.reports.ledgers import ledger_row, ledger_sheet, workbook_bytes

    year = _year(request)
    rows = selectors.performance_table(year)
    book = Workbook(write_only=True)
    headers = [pgettext("person", "Name"), _("Level"), _("Group"), _("Liaison station"), _("Suggestions led"),
               _("Co-signed"), _("Replied"), _("Solved or adopted"), _("Opinions received"), _("Opinions answered"),
               _("Opinions turned into suggestions"), _("Receptions"), _("Activity days"), _("Inspections"),
               _("Research"), _("Training"), _("Meetings attended"), _("Reports to voters"), _("All activities")]
    widths = [10, 8, 18, 26] + [10] * (len(headers) - 4)
    # The ledgers' sheet and rows: the same header style, and text from imports never becomes a formula.
    sheet = ledger_sheet(book, _("Performance %(year)s") % {"year": year}, list(zip(headers, widths)))
    for p in rows:
        d = p.deputy
        ledger_row(sheet, [d.name, d.get_level_display(), d.group_name, d.station_name, p.led, p.co_signed, p.replied,
                           p.solved, p.opinions, p.opinions_answered, p.opinions_suggested, p.receptions]
                   + [getattr(p, name) for name in selectors.ACTIVITY_FIELDS] + [p.activity_total])
    response = HttpResponse(workbook_bytes(book),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="performance-{year}.xlsx"'
    return response


def _deputy_file(request, pk):
    deputy = get_object_or_404(Deputy.objects.select_related("group", "station"), pk=pk)
    if not (has_role(request.user, *STAFF_ROLES) or permissions.can_see_performance(request.user, deputy)):
        raise Http404
    return deputy


@login_required
def performance_file(request, pk, year):
    deputy = _deputy_file(request, pk)
    return render(request, "deputies/performance_file.html",
                  {**selectors.performance_file(deputy, year), "year": year, "deputy": deputy,
                   "is_own": deputy.pk == request.user.deputy_id, "confirm_days": Attendance.CONFIRM_DAYS})


@login_required
def performance_booklet(request, pk, year):
    deputy = _deputy_file(request, pk)
    pdf = printing.booklet_pdf(selectors.performance_file(deputy, year), year)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="booklet-{deputy.pk}-{year}.pdf"'
    return response


@role_required(Role.DEPUTY)
def my_performance(request):
    return redirect("deputies:performance_file", pk=request.user.deputy_id, year=_this_year())


# --- Stations -----------------------------------------------------------------------------------

@role_required(*STAFF_ROLES)
def station_list(request):
    year = _year(request)
    stations = list(LiaisonStation.objects.all())
    by_station = selectors.opinion_counts("station_id", year)
    by_street = selectors.opinion_counts("street", year)
    for station in stations:
        station.counts = by_station.get(station.pk, {})
    return render(request, "deputies/station_list.html", {
        "stations": stations, "year": year, "streets": sorted(by_street.items(), key=lambda kv: kv[0])})


@role_required(Role.STAFF)
def station_qr_sheet(request, pk):
    station = get_object_or_404(LiaisonStation, pk=pk)
    deputies = list(station.deputies.filter(status=Deputy.Status.SERVING).order_by("name"))
    response = HttpResponse(printing.qr_sheet_pdf(station, deputies), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="qr-station-{station.pk}.pdf"'
    return response








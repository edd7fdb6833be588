"""The public announcement of appointments and removals (任免名单公告) and the list for staff and leaders."""

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from congress_portal.accounts.models import Role
from congress_portal.accounts.permissions import role_required
from congress_portal.organization.models import Term

from . import selectors
from .models import Kind, Organ

PAGE_SIZE = 50


SENTENCES = {
    Kind.APPOINT: _("Appoint %(name)s as %(post)s"),
    Kind.DECIDE: _("Decide to appoint %(name)s as %(post)s"),
    Kind.REMOVE: _("Remove %(name)s from the post of %(post)s"),
    Kind.RESIGNATION: _("Accept the resignation of %(name)s from the post of %(post)s"),
    Kind.DISMISS: _("Dismiss %(name)s from the post of %(post)s"),
}


def announcement_groups(rows, *, with_meeting=False):
    """[(meeting heading, date, [(sentence, organ)])] in the order of `rows`; with `with_meeting`, the
    meeting's id ends each group (the page links each meeting's PDF)."""
    organs = dict(Organ.choices)
    groups = []
    for row in rows:
        heading = gettext("%(term)s standing committee, meeting %(number)s") % {
            "term": row["motion__meeting__term__name"], "number": row["motion__meeting__number"]}
        if not groups or groups[-1][0] != heading:
            groups.append((heading, row["decided_on"], []) + ((row["motion__meeting_id"],) if with_meeting else ()))
        sentence = SENTENCES[row["kind"]] % {"name": row["person_name"], "post": row["post"]}
        groups[-1][2].append((sentence, organs[row["organ"]]))
    return groups


@require_GET
def announcement(request):
    """Everyone: who was appointed to or removed from which post, by which meeting; nothing personal."""
    page = Paginator(selectors.announced(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "appointments/announcement.html", {
        "page": page, "groups": announcement_groups(page.object_list, with_meeting=True)})


@require_GET
def announcement_pdf(request, meeting_id):
    """Everyone: one meeting's announcement as PDF (public fields only). Cached by the meeting's decisions,
    so a crowd asking for it does not make WeasyPrint render it again."""
    from congress_portal.meetings.models import StandingCommitteeMeeting
    from congress_portal.reports.pdf import pdf_response

    from .documents import render_announcement

    meeting = get_object_or_404(StandingCommitteeMeeting.objects.select_related("term"), pk=meeting_id)
    rows = list(selectors.announced(meeting=meeting))
    if not rows:
        raise Http404
    key = "appointments:announcement-pdf:%s:%s" % (meeting.pk, ",".join(str(r["pk"]) for r in rows)[:200])
    data = cache.get(key)
    if data is None:
        data = render_announcement(rows, str(meeting))
        cache.set(key, data, 3600)
    return pdf_response(data, gettext("appointment-announcement-%(meeting)s.pdf") % {"meeting": meeting.number})


@require_GET
@role_required(Role.STAFF, Role.LEADER)
def certificate_pdf(request, pk):
    """Staff and leaders: a certificate of appointment (任命书) as issued."""
    from congress_portal.reports.pdf import pdf_response

    from .documents import certificate_for, render_certificate

    certificate = certificate_for(pk)
    if certificate is None:
        raise Http404
    return pdf_response(render_certificate(certificate), gettext("certificate-%(year)s-%(serial)s.pdf") % {
        "year": certificate.year, "serial": certificate.serial})


class ListFilterForm(forms.Form):
    name = forms.CharField(required=False, max_length=50, label=pgettext_lazy("person", "name"),
                           widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))
    term = forms.ModelChoiceField(Term.objects.all(), required=False, label=_("term"), empty_label=_("All terms"),
                                  widget=forms.Select(attrs={"class": "form-select"}))
    organ = forms.ChoiceField(required=False, label=_("organ"), choices=[("", _("All organs"))] + Organ.choices,
                              widget=forms.Select(attrs={"class": "form-select"}))
    kind = forms.ChoiceField(required=False, label=_("kind"), choices=[("", _("All kinds"))] + Kind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100, label=_("year"),
                              widget=forms.NumberInput(attrs={"class": "form-control"}))


def _filtered(request):
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    form = ListFilterForm(params or {"term": getattr(Term.current(), "pk", "")})
    if not form.is_valid():
        return form, selectors.decided().none()
    data = form.cleaned_data
    return form, selectors.decided(organ=data.get("organ", ""), kind=data.get("kind", ""), year=data.get("year"),
                                   term=data.get("term"), name=data.get("name", "").strip())


@require_GET
@role_required(Role.STAFF, Role.LEADER)
def appointment_list(request):
    """Every appointment and removal passed, filtered by term, organ, kind and year, with counts per year;
    `?format=xlsx`: the same decisions as an Excel ledger."""
    form, queryset = _filtered(request)
    if request.GET.get("format") == "xlsx":
        from congress_portal.reports.views import _xlsx_response

        from .ledger import appointments_ledger

        return _xlsx_response(appointments_ledger(queryset), gettext("appointments-ledger"))
    per_year = selectors.counts_per_year(queryset)
    paginator = Paginator(queryset, PAGE_SIZE)
    paginator.count = sum(total for _year, _counts, total in per_year)  # the grouped query counted them already
    page = paginator.get_page(request.GET.get("page"))
    params = urlencode({k: v for k, v in request.GET.items() if k not in ("page", "format")})
    return render(request, "appointments/list.html", {
        "form": form, "page": page, "params": params, "kinds": Kind.choices, "per_year": per_year})

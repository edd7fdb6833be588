"""The public announcement of appointments and removals (任免名单公告) and the list for staff and leaders."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
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


def announcement_groups(rows):
    """[(meeting heading, date, [(sentence, organ)])] in the order of `rows`."""
    organs = dict(Organ.choices)
    groups = []
    for row in rows:
        heading = gettext("%(term)s standing committee, meeting %(number)s") % {
            "term": row["motion__meeting__term__name"], "number": row["motion__meeting__number"]}
        if not groups or groups[-1][0] != heading:
            groups.append((heading, row["decided_on"], []))
        sentence = SENTENCES[row["kind"]] % {"name": row["person_name"], "post": row["post"]}
        groups[-1][2].append((sentence, organs[row["organ"]]))
    return groups


@require_GET
def announcement(request):
    """Everyone: who was appointed to or removed from which post, by which meeting; nothing personal."""
    page = Paginator(selectors.announced(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "appointments/announcement.html", {
        "page": page, "groups": announcement_groups(page.object_list)})


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
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = urlencode({k: v for k, v in request.GET.items() if k not in ("page", "format")})
    return render(request, "appointments/list.html", {
        "form": form, "page": page, "params": params, "kinds": Kind.choices,
        "per_year": selectors.counts_per_year(queryset)})

"""Published replies to deputies' suggestions, for everyone (DOMAIN §2: replies are published unless marked not).

Only suggestions whose reply was published (published_at set) and may be (reply_public) are shown;
anything else is 404. No phone numbers, internal notes, quality scores or drafts reach these pages.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from congress_portal.core.searching import SEARCH_HELP, SearchField
from congress_portal.organization.models import HandlingUnit
from deputies.models import Deputy

from ..models import Assignment, Category, Reply, Suggestion
from ..search import title_or_number_contains

PAGE_SIZE = 20


def published():
    return Suggestion.objects.filter(published_at__isnull=False, reply_public=True)


class PublicSearchForm(forms.Form):
    q = SearchField(label=_("Title or number"), widget=forms.TextInput(
        attrs={"class": "form-control form-control-sm", "type": "search", "placeholder": SEARCH_HELP,
               "aria-describedby": "id_q_helptext"}))
    category = forms.ChoiceField(required=False, label=_("Category"), choices=[("", _("All categories"))] + Category.choices,
                                 widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    unit = forms.ModelChoiceField(HandlingUnit.objects.filter(is_active=True), required=False, label=_("Handling unit"),
                                  empty_label=_("All units"),
                                  widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100, label=_("Year"),
                              widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        text = (data.get("q") or "").strip()
        if text:
            queryset = title_or_number_contains(queryset, text)
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("unit"):
            queryset = queryset.filter(assignments__unit=data["unit"], assignments__active=True,
                                       assignments__role__in=[Assignment.Role.LEAD, Assignment.Role.SEPARATE])
        if data.get("year"):
            queryset = queryset.filter(registered_at__year=data["year"])
        return queryset


@require_GET
def reply_list(request):
    form = PublicSearchForm(request.GET)
    # The page is found on the bare rows (an index walk), then only its 20 rows get their names: with
    # the names in the same query, PostgreSQL looks them up for every row skipped before a deep page.
    # A text search is answered by the index of the published replies' bigrams (migration 0009).
    matching = form.filter(published()).order_by("-published_at", "-id").values_list("pk", flat=True)
    page = Paginator(matching, PAGE_SIZE).get_page(request.GET.get("page"))
    lead = Assignment.objects.filter(suggestion=OuterRef("pk"), active=True,
                                     role__in=[Assignment.Role.LEAD, Assignment.Role.SEPARATE]).order_by("role", "id")
    deputy = Deputy.objects.filter(pk=OuterRef("lead_deputy_id")).order_by().values("name")[:1]
    rows = (Suggestion.objects.filter(pk__in=list(page.object_list))
            .annotate(lead_unit_name=Subquery(lead.values("unit__name")[:1]), lead_deputy_name=Subquery(deputy))
            .only("pk", "number", "title", "category", "published_at", "final_result_class")
            .order_by("-published_at", "-id"))
    page.object_list = list(rows) if page.object_list else []
    params = request.GET.copy()
    params.pop("page", None)
    chosen = form.cleaned_data.get("unit") if form.is_valid() else None
    return render(request, "public/reply_list.html", {"form": form, "page": page, "params": params.urlencode(),
                                                      "unit_options": _unit_options(chosen)})


def _unit_options(chosen):
    """The handling units' <option>s, written directly: 200 of them cost ~20 ms through the form's widget
    and ~4 ms through a template loop."""
    chosen_pk = chosen.pk if chosen else None
    return mark_safe("".join(
        f'<option value="{pk}"{" selected" if pk == chosen_pk else ""}>{escape(name)}</option>'
        for pk, name in HandlingUnit.objects.filter(is_active=True).values_list("pk", "name")))


@require_GET
def reply_detail(request, pk):
    suggestion = published().select_related("lead_deputy", "term").filter(pk=pk).first()
    if suggestion is None:
        raise Http404
    replies = list(Reply.objects.filter(suggestion=suggestion, round=suggestion.round)
                   .select_related("assignment__unit").prefetch_related("commitments")
                   .only("pk", "round", "result_class", "text", "reply_date", "signer", "assignment__unit__name",
                         "assignment__role").order_by("assignment__role", "id"))
    merged = list(suggestion.merged_items.select_related("lead_deputy").only("number", "title", "lead_deputy__name"))
    return render(request, "public/reply_detail.html", {"s": suggestion, "replies": replies, "merged": merged})

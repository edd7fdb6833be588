"""The suggestion filter shared by ledgers, the dashboard and lists: "filtered as the list is".

It knows proposals' models but not proposals' views, so any page can use it:

    form = SuggestionFilterForm(request.GET)
    suggestions = form.filter(Suggestion.objects.submitted())  # invalid input: form.errors, nothing filtered
    commitments = form.filter_commitments(Commitment.objects.all())
"""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_portal.core.searching import SearchField
from congress_portal.organization.models import HandlingUnit, Term
from deputies.models import Deputy

from .models import OPEN_HANDLING_STATES, Assignment, Category, CoSigner, Status, Suggestion


class SuggestionFilterForm(forms.Form):
    term = forms.ModelChoiceField(Term.objects.all(), required=False, label=_("Term"))
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100, label=_("Year"))
    status = forms.ChoiceField(required=False, label=_("Status"), choices=[("", "---------")] + Status.choices)
    category = forms.ChoiceField(required=False, label=_("Category"), choices=[("", "---------")] + Category.choices)
    kind = forms.ChoiceField(required=False, label=pgettext_lazy("suggestion", "kind"),
                             choices=[("", "---------")] + Suggestion.Kind.choices)
    period = forms.ChoiceField(required=False, label=_("Made during"),
                               choices=[("", "---------")] + Suggestion.Period.choices)
    unit = forms.ModelChoiceField(HandlingUnit.objects.all(), required=False, label=_("Handling unit"))
    deputy = forms.ModelChoiceField(Deputy.objects.all(), required=False, label=_("Deputy"),
                                    widget=forms.NumberInput)
    key = forms.BooleanField(required=False, label=_("Key supervision only"))
    overdue = forms.BooleanField(required=False, label=_("Overdue only"))
    q = SearchField(label=_("Number or title contains"))

    def __init__(self, data=None, *args, **kwargs):
        # An unbound form filters nothing; a bound one with empty values likewise.
        super().__init__(data if data is not None else None, *args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")

    def _values(self):
        if not self.is_bound:
            return {}
        if not self.is_valid():
            return None
        return self.cleaned_data

    def suggestion_q(self, prefix=""):
        """The conditions as a Q on Suggestion (prefixed for a related model), or None when invalid."""
        values = self._values()
        if values is None:
            return None
        p = prefix
        q = Q()
        if values.get("term"):
            q &= Q(**{f"{p}term": values["term"]})
        if values.get("year"):
            # The year of registration (立案); unregistered ones count in the year they were made.
            year = values["year"]
            q &= Q(**{f"{p}registered_at__year": year}) | Q(**{f"{p}registered_at__isnull": True,
                                                                f"{p}created_at__year": year})
        if values.get("status"):
            q &= Q(**{f"{p}status": values["status"]})
        if values.get("category"):
            q &= Q(**{f"{p}category": values["category"]})
        for name in ("kind", "period"):
            if values.get(name):
                q &= Q(**{f"{p}{name}": values[name]})
        if values.get("key"):
            q &= Q(**{f"{p}is_key": True})
        if values.get("overdue"):
            q &= Q(**{f"{p}status__in": OPEN_HANDLING_STATES, f"{p}reply_due__lt": timezone.localdate()})
        text = (values.get("q") or "").strip()
        if text:
            q &= Q(**{f"{p}number__icontains": text}) | Q(**{f"{p}title__icontains": text})
        return q

    def filter(self, queryset):
        """`queryset` of Suggestion narrowed by the form; `.none()` when the input is invalid."""
        q = self.suggestion_q()
        if q is None:
            return queryset.none()
        queryset = queryset.filter(q)
        values = self.cleaned_data if self.is_bound else {}
        if values.get("unit"):
            queryset = queryset.filter(Exists(Assignment.objects.filter(
                suggestion=OuterRef("pk"), unit=values["unit"], active=True)))
        if values.get("deputy"):
            deputy = values["deputy"]
            queryset = queryset.filter(Q(lead_deputy=deputy) | Exists(CoSigner.objects.filter(
                suggestion=OuterRef("pk"), deputy=deputy, state=CoSigner.State.CONFIRMED)))
        return queryset

    def filter_commitments(self, queryset):
        """`queryset` of Commitment: those of the filtered suggestions (the unit filter means the unit's own)."""
        q = self.suggestion_q(prefix="suggestion__")
        if q is None:
            return queryset.none()
        queryset = queryset.filter(q)
        values = self.cleaned_data if self.is_bound else {}
        if values.get("unit"):
            queryset = queryset.filter(unit=values["unit"])
        if values.get("deputy"):
            queryset = queryset.filter(suggestion__in=self.filter(Suggestion.objects.submitted()).values("pk"))
        return queryset

    def error_text(self):
        return "；".join(f"{self.fields[name].label if name in self.fields else ''}：{'、'.join(errors)}"
                        for name, errors in self.errors.items())

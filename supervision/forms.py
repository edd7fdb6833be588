from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress_portal.core.widgets import PlainCheckboxList, PlainSelect
from congress_portal.meetings.models import StandingCommitteeMeeting
from congress_portal.organization.models import Committee, HandlingUnit
from deputies import forms as deputies_forms
from deputies.forms import TrackForm  # noqa: F401 (the tracking page's form, shared)

from .models import Kind, Stage

CHALLENGE_KEY = "supervision_challenge"


class TopicForm(deputies_forms.PublicProposalForm):
    text = forms.CharField(label=_("The topic you propose"), min_length=5, max_length=2000,
                           help_text=_("Which work of which body the standing committee should supervise, and why."),
                           error_messages={"min_length": _("Describe the topic in at least 5 characters.")},
                           widget=forms.Textarea(attrs={"rows": 5}))


def _select():
    return forms.Select(attrs={"class": "form-select"})


class ItemFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=50, label=_("title"),
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100, label=_("year"),
                              widget=forms.NumberInput(attrs={"class": "form-control"}))
    kind = forms.ChoiceField(required=False, label=_("kind"), choices=[("", _("All kinds"))] + Kind.choices,
                             widget=_select())
    stage = forms.ChoiceField(required=False, label=_("stage"), choices=[("", _("All stages"))] + Stage.choices,
                              widget=_select())
    committee = forms.ModelChoiceField(Committee.objects.order_by("sort_order", "name"), required=False,
                                       label=_("owning committee"), empty_label=_("All committees"), widget=_select())
    overdue = forms.BooleanField(required=False, label=_("report overdue only"),
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining (the proposer reads it)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class AcceptForm(forms.Form):
    item = forms.ModelChoiceField(queryset=None, required=False, label=_("Into an existing item of the plan"),
                                  empty_label=_("A new item"), widget=_select())
    title = forms.CharField(required=False, max_length=200, label=_("Title of the new item"),
                            widget=forms.TextInput(attrs={"class": "form-control"}))
    kind = forms.ChoiceField(required=False, label=_("kind"), choices=[("", "---------")] + Kind.choices,
                             widget=_select())
    committee = forms.ModelChoiceField(Committee.objects.order_by("sort_order", "name"), required=False,
                                       label=_("owning committee"), widget=_select())

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = plan.items.order_by("id")

    def clean(self):
        data = super().clean()
        if data.get("item") is None:
            for name, message in (("title", _("Give the new item a title.")),
                                  ("kind", _("Choose the kind of supervision.")),
                                  ("committee", _("Choose the owning committee."))):
                if not data.get(name):
                    self.add_error(name, message)
        return data


class ApproveForm(forms.Form):
    approved_on = forms.DateField(label=_("Date of the chairs' meeting"),
                                  widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    record = forms.CharField(label=_("Chairs' meeting"), max_length=200,
                             help_text=_("e.g. the 12th chairs' meeting of the 16th standing committee"),
                             widget=forms.TextInput(attrs={"class": "form-control"}))


class TargetsForm(forms.Form):
    """The item's target bodies and meeting, on its staff page. The bodies offered are the active ones (and
    any chosen body since made inactive); the meetings those still to come (and the item's own)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    target_units = forms.ModelMultipleChoiceField(
        HandlingUnit.objects.none(), required=False, label=_("target bodies"), widget=PlainCheckboxList(
            attrs={"class": "check-list"}),
        help_text=_("The bodies supervised: they report and rectify."))
    meeting = forms.ModelChoiceField(
        StandingCommitteeMeeting.objects.none(), required=False, label=_("meeting"),
        empty_label=_("Not on a meeting yet"), widget=PlainSelect(attrs={"class": "form-select"}),
        help_text=_("The standing committee meeting that hears the report: the report is due 20, 10 and 7 "
                    "days before it."))

    def __init__(self, *args, item, today, units_fixed=False, meeting_fixed=False, **kwargs):
        chosen = [unit.pk for unit in item.target_units.all()]
        kwargs.setdefault("initial", {"version": item.version, "target_units": chosen, "meeting": item.meeting_id})
        super().__init__(*args, **kwargs)
        # What can no longer change is not offered (the service refuses it too).
        if units_fixed:
            del self.fields["target_units"]
        else:
            self.fields["target_units"].queryset = (
                HandlingUnit.objects.filter(Q(is_active=True) | Q(pk__in=chosen)).only("id", "name")
                .order_by("sort_order", "code"))
        if meeting_fixed:
            del self.fields["meeting"]
        else:
            meetings = Q(date__gte=today) | Q(pk=item.meeting_id) if item.meeting_id else Q(date__gte=today)
            self.fields["meeting"].queryset = (StandingCommitteeMeeting.objects.filter(meetings)
                                               .select_related("term").order_by("date", "id"))
            self.fields["meeting"].label_from_instance = lambda m: f"{m} ({m.date.isoformat()})"

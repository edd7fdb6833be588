from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deputies import forms as deputies_forms
from deputies.forms import TrackForm  # noqa: F401 (the tracking page's form, shared)
from deputies.uploads import clean_photo

from .models import Milestone, ProgressReport

CHALLENGE_KEY = "livelihood_challenge"


class ProposalForm(deputies_forms.PublicProposalForm):
    text = forms.CharField(label=_("The project you propose"), min_length=5, max_length=2000,
                           help_text=_("What should be done, where, and for whom."),
                           error_messages={"min_length": _("Describe the project in at least 5 characters.")},
                           widget=forms.Textarea(attrs={"rows": 5}))


class ProgressReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Report of"), choices=ProgressReport.Period.choices,
                               initial=ProgressReport.Period.QUARTER, required=False)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    budget_spent = forms.DecimalField(label=_("Budget spent so far (10,000 yuan)"), min_value=0, max_digits=10,
                                      decimal_places=2, required=False)
    def clean_period(self):
        return self.cleaned_data.get("period") or ProgressReport.Period.QUARTER

    text = forms.CharField(label=pgettext_lazy("progress report", "What was done"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 5}))


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo of the works"), help_text=_("JPEG, PNG, GIF or WebP, at most 5 MB."))
    caption = forms.CharField(label=_("What the photo shows"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.photo_jpeg = None

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload is not None:
            self.photo_jpeg = clean_photo(upload)
        return upload


class MilestoneReachForm(forms.Form):
    """The unit marks one of the project's milestones reached, with what was done and an optional photo."""

    prefix = "milestone"  # on the same page as the photo form, whose fields share these names

    milestone = forms.ModelChoiceField(label=_("The milestone reached"), queryset=Milestone.objects.none(),
                                       empty_label=None)
    done_on = forms.DateField(label=_("Reached on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("What was done (optional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.FileField(label=_("Photo as evidence (optional)"), required=False,
                            help_text=_("JPEG, PNG, GIF or WebP, at most 5 MB."))
    caption = forms.CharField(label=_("What the photo shows"), max_length=100, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = project.milestones.filter(done_on__isnull=True).order_by("planned_on", "id")
        self.fields["milestone"].label_from_instance = lambda m: f"{m.title} · {m.planned_on:%Y-%m-%d}"
        self.photo_jpeg = None

    def clean_done_on(self):
        from django.utils import timezone

        day = self.cleaned_data.get("done_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Give the day it was reached (not a future day)."))
        return day

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            self.photo_jpeg = clean_photo(upload)
        return upload

    def clean(self):
        data = super().clean()
        if self.photo_jpeg is not None and not (data.get("caption") or "").strip():
            self.add_error("caption", _("Say what the photo shows."))
        return data


class CarryOverForm(forms.Form):
    """Staff carry a project rated 不满意 into next year's supervision: which committee owns the item."""

    committee = forms.ModelChoiceField(
        queryset=None, label=_("owning committee"), error_messages={"required": _("Choose the owning committee.")},
        widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, **kwargs):
        from congress_portal.organization.models import Committee

        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.order_by("sort_order", "name")

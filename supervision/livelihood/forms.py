from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_portal.core.validators import validate_phone
from deputies.forms import ChallengeMixin
from deputies.uploads import clean_photo

from .models import ProgressReport

CHALLENGE_KEY = "livelihood_challenge"


def new_challenge(session):
    """The opinion form's arithmetic question, kept under this form's own session key, so that a citizen
    with both forms open in two tabs answers each its own question."""
    from deputies.forms import CHALLENGE_KEY as OPINION_KEY
    from deputies.forms import new_challenge as opinion_challenge

    kept = session.get(OPINION_KEY)
    question = opinion_challenge(session)
    session[CHALLENGE_KEY] = session.pop(OPINION_KEY)
    if kept is not None:
        session[OPINION_KEY] = kept
    return question


class ProposalForm(ChallengeMixin, forms.Form):
    text = forms.CharField(label=_("The project you propose"), min_length=5, max_length=2000,
                           help_text=_("What should be done, where, and for whom."),
                           error_messages={"min_length": _("Describe the project in at least 5 characters.")},
                           widget=forms.Textarea(attrs={"rows": 5}))
    proposer_name = forms.CharField(label=_("Your name (optional)"), max_length=30, required=False)
    proposer_phone = forms.CharField(label=_("Phone (optional, only staff see it)"), max_length=20, required=False)
    challenge = forms.IntegerField(label=_("Answer the question"))
    # A field people never see: automated posters fill it.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_proposer_phone(self):
        phone = self.cleaned_data["proposer_phone"].strip()
        return validate_phone(phone) if phone else phone


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=40)


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

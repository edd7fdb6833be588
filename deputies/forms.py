import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from congress_portal.core.validators import validate_phone
from congress_portal.core.searching import SearchBoxForm
from congress_portal.organization.models import HandlingUnit

from .uploads import clean_photo

CHALLENGE_KEY = "opinion_challenge"


def new_challenge(session, key=CHALLENGE_KEY):
    """A small arithmetic question kept server-side in the session under `key` (each public form its own,
    so that a citizen with two forms open in two tabs answers each its own question); -> the question text."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    session[key] = a + b
    return _("What is %(a)s plus %(b)s?") % {"a": a, "b": b}


class ChallengeMixin:
    """A public form without an account (the citizens' opinion form, the livelihood proposals): its answer to
    the arithmetic question must be the one kept in the session (`expected`), and its hidden `website`
    field, which people never see, must stay empty. Each form declares the two fields where they read."""

    def __init__(self, *args, expected=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_challenge(self):
        value = self.cleaned_data["challenge"]
        if self.expected is None or value != self.expected:
            raise forms.ValidationError(_("The answer is wrong; answer the new question."))
        return value

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("The form could not be accepted."))
        return ""


class PublicProposalForm(ChallengeMixin, forms.Form):
    """A proposal from anyone, no account (supervision topics, livelihood projects): the subclass declares
    its `text` field; the optional name and phone, the question and the hidden field are the same."""

    proposer_name = forms.CharField(label=_("Your name (optional)"), max_length=30, required=False)
    proposer_phone = forms.CharField(label=_("Phone (optional, only staff see it)"), max_length=20, required=False)
    challenge = forms.IntegerField(label=_("Answer the question"))
    # A field people never see: automated posters fill it.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["text", "proposer_name", "proposer_phone", "challenge", "website"]

    def clean_proposer_phone(self):
        phone = self.cleaned_data["proposer_phone"].strip()
        return validate_phone(phone) if phone else phone


class OpinionForm(ChallengeMixin, forms.Form):
    text = forms.CharField(label=_("Your opinion"), min_length=5, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 5}))
    photo = forms.FileField(label=_("Photo (optional)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    citizen_name = forms.CharField(label=_("Your name (optional)"), max_length=30, required=False)
    citizen_phone = forms.CharField(label=_("Phone (optional, only the deputy sees it)"), max_length=20,
                                    required=False)
    challenge = forms.IntegerField(label=_("Answer the question"))
    # A field people never see: automated posters fill it.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.photo_jpeg = None

    def clean_citizen_phone(self):
        # The same rule as the units' reply form: a mobile, or a landline with its area code.
        phone = self.cleaned_data["citizen_phone"].strip()
        return validate_phone(phone) if phone else phone

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            self.photo_jpeg = clean_photo(upload)
        return None


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer to the citizen"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}))


class ForwardForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Handling unit"), queryset=HandlingUnit.objects.filter(is_active=True),
                                  widget=forms.Select(attrs={"class": "form-select"}))
    comment = forms.CharField(label=_("Note to the unit"), max_length=500, required=False)


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=40)


class OpinionSearchForm(SearchBoxForm):
    label = _("Search the opinions' text")
    placeholder = _("Words in the opinion")

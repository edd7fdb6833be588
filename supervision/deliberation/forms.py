"""Forms of the deliberation pages. Each field with an error points to its message (aria-describedby)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from congress_portal.core.forms import AccessibleErrorsMixin
from congress_portal.meetings.models import StandingCommitteeMeeting
from congress_portal.organization.models import CommitteeMember, HandlingUnit


class AriaForm(AccessibleErrorsMixin, forms.Form):
    """Bootstrap classes on every widget; each field with errors is marked for assistive technology and
    points at its message (rendered by deliberation/_field.html as <id>_error), see AccessibleErrorsMixin."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class DateInput(forms.DateInput):
    input_type = "date"


class OpinionForm(AriaForm):
    title = forms.CharField(label=_("title"), max_length=200)
    number = forms.CharField(label=_("document number"), max_length=40, required=False)
    text = forms.CharField(label=_("deliberation opinions"), widget=forms.Textarea(attrs={"rows": 6}))


class IssueForm(AriaForm):
    text = forms.CharField(label=_("issue"), widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.ModelChoiceField(label=_("target body"), queryset=HandlingUnit.objects.none())

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        targets = item.target_units.all() if item is not None else HandlingUnit.objects.none()
        self.fields["unit"].queryset = targets if item is not None and targets.exists() else \
            HandlingUnit.objects.filter(is_active=True)


class InquiryForm(AriaForm):
    title = forms.CharField(label=_("title"), max_length=200)
    held_on = forms.DateField(label=_("held on"), widget=DateInput)
    meeting = forms.ModelChoiceField(label=_("meeting"), required=False,
                                     queryset=StandingCommitteeMeeting.objects.select_related("term"))


def _members():
    return CommitteeMember.objects.filter(left_on__isnull=True).order_by("sort_order", "id")


class QuestionForm(AriaForm):
    asker = forms.ModelChoiceField(label=_("asked by"), queryset=CommitteeMember.objects.none())
    unit = forms.ModelChoiceField(label=_("asked to (unit)"), queryset=HandlingUnit.objects.filter(is_active=True))
    official = forms.CharField(label=_("answering official"), max_length=60)
    text = forms.CharField(label=_("question"), widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(label=_("answer"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asker"].queryset = _members()


class AnswerForm(AriaForm):
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 3}))


class CommitmentForm(AriaForm):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=HandlingUnit.objects.filter(is_active=True))
    content = forms.CharField(label=_("what"), widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("by when"), widget=DateInput)
    responsible = forms.CharField(label=_("who"), max_length=60)
    question = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FulfilForm(AriaForm):
    evidence = forms.CharField(label=_("fulfilment evidence"), widget=forms.Textarea(attrs={"rows": 3}))


class ProgressForm(AriaForm):
    text = forms.CharField(label=_("progress"), widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label=_("rectification measures"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))


class SubmitForm(AriaForm):
    measures = forms.CharField(label=_("rectification measures"), widget=forms.Textarea(attrs={"rows": 3}))
    text = forms.CharField(label=_("rectification report"), widget=forms.Textarea(attrs={"rows": 4}))


class EvidenceForm(AriaForm):
    file = forms.FileField(label=_("evidence file"), help_text=_("PDF, JPG, PNG, Word (docx) or Excel (xlsx)."))


class SendBackForm(AriaForm):
    reason = forms.CharField(label=_("reason for sending back"), widget=forms.Textarea(attrs={"rows": 3}))


class VoteForm(AriaForm):
    meeting = forms.ModelChoiceField(label=_("meeting"), queryset=StandingCommitteeMeeting.objects.select_related(
        "term"))

"""Forms of the suggestion pages. Each posts the `version` it was shown, so a stale page is refused."""

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress_portal.core.validators import validate_phone
from congress_portal.core.searching import SearchBoxForm
from congress_portal.organization.models import HandlingUnit
from deputies.models import Deputy

from .models import MERGEABLE_STATES, Category, Contact, Rating, ResultClass, Suggestion, SupervisionAct


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SubmitRequiredCharField(forms.CharField):
    """Marked as required by its label (a submission needs it), yet a draft may be saved without it:
    SuggestionForm.clean asks for it, by the field, only when the deputy submits."""

    def validate(self, value):
        pass


class SuggestionForm(VersionForm):
    # Errors come from the server, in Chinese and by their field: the browser's own "required" bubbles
    # would also stop a draft from being saved half-written.
    use_required_attribute = False

    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    background = SubmitRequiredCharField(label=_("Problem and grounds"), widget=forms.Textarea(attrs={"rows": 6}),
                                         help_text=_("Required to submit; a draft may leave it empty."))
    proposal = SubmitRequiredCharField(label=_("Proposals"), widget=forms.Textarea(attrs={"rows": 6}),
                                       help_text=_("Required to submit; a draft may leave it empty."))

    def __init__(self, *args, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting

    def clean(self):
        data = super().clean()
        if self.submitting:
            for name, message in (("background", _("Describe the problem and its grounds.")),
                                  ("proposal", _("State your proposals."))):
                if not (data.get(name) or "").strip():
                    self.add_error(name, message)
        return data

    def focus_first_error(self):
        """Put the cursor in the first field that failed, so the page opens there (no script needed)."""
        for name in self.fields:
            if name in self.errors:
                self.fields[name].widget.attrs["autofocus"] = True
                return name
        return None


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment (PDF, JPG, PNG, Word, Excel)"))


class CosignerForm(forms.Form):
    """Co-signers to invite, from the term's serving deputies; `who` narrows the list by name (the
    search without script; with script the list is filtered as one types)."""

    deputies = forms.ModelMultipleChoiceField(label=_("Deputies to invite"), queryset=Deputy.objects.none(),
                                              widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, suggestion=None, lead=None, who="", **kwargs):
        super().__init__(*args, **kwargs)
        if suggestion is not None:
            deputies = (Deputy.objects.filter(term_id=suggestion.term_id, status="serving")
                        .exclude(pk=suggestion.lead_deputy_id).exclude(cosigned__suggestion=suggestion))
        else:  # a new suggestion: the lead deputy's own term
            deputies = Deputy.objects.filter(term_id=lead.term_id, status="serving").exclude(pk=lead.pk)
        who = (who or "").strip()[:20]
        if who:
            deputies = deputies.filter(name__contains=who)
        self.fields["deputies"].queryset = deputies.only("id", "name").order_by("name")
        self.fields["deputies"].widget.attrs["data-filterable"] = "1"


class NewSuggestionExtrasForm(forms.Form):
    """What a new suggestion may carry from its first save: one attachment and the co-signers to invite."""

    file = forms.FileField(label=_("Attachment (PDF, JPG, PNG, Word, Excel)"), required=False)


class EvaluationForm(VersionForm):
    attitude = forms.ChoiceField(label=_("Handling attitude"), choices=Rating.choices, widget=forms.RadioSelect)
    result = forms.ChoiceField(label=_("Handling result"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              help_text=_("Required when you are not satisfied with the result."))
    # 不满意 sends the suggestion back for re-handling: the page asks once more before it does.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("result") == Rating.DISSATISFIED and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Please say why you are not satisfied, so the unit can handle it again."))
        return data


class ContactForm(forms.Form):
    date = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    way = forms.ChoiceField(label=_("Way"), choices=Contact.Way.choices)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    deputy_opinion = forms.CharField(label=_("Deputy's opinion"), widget=forms.Textarea(attrs={"rows": 2}),
                                     required=False)


class OpinionForm(forms.Form):
    text = forms.CharField(label=_("Opinion for the lead unit"), widget=forms.Textarea(attrs={"rows": 5}))


class ReassignForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    suggested_unit = forms.ModelChoiceField(label=_("Unit that should handle it"), required=False,
                                            queryset=HandlingUnit.objects.filter(is_active=True))


class ExtensionForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    requested_due = forms.DateField(label=_("Requested new deadline"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


# A reply letter says what was done, how and by when: a line or two is not a reply.
REPLY_TEXT_MIN_LENGTH = 50


class ReplyForm(VersionForm):
    # No class is chosen for the unit: it picks one (a preselected A went out unread).
    result_class = forms.ChoiceField(label=_("Result class"), choices=ResultClass.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Reply text"), widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("The body of the letter: what your unit did, how and by when. The letter adds the red header, "
                    "its number, the salutation, the signature and the date; write them only if you want your own "
                    "wording."))
    signer = forms.CharField(label=_("Signed by"), max_length=50)
    contact_person = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, validators=[validate_phone],
                                    help_text=_("A mobile number or a landline with its area code, e.g. 027-88886666."))

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len("".join(text.split())) < REPLY_TEXT_MIN_LENGTH:
            raise forms.ValidationError(
                _("The reply is too short: at least %(n)s characters describing what was done, how and by when.")
                % {"n": REPLY_TEXT_MIN_LENGTH})
        return text


class CommitmentForm(forms.Form):
    content = forms.CharField(label=_("What"), required=False)
    due_date = forms.DateField(label=_("By when"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    responsible = forms.CharField(label=_("Who"), max_length=100, required=False)

    def clean_due_date(self):
        day = self.cleaned_data.get("due_date")
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("A commitment cannot be due in the past."))
        return day

    def clean(self):
        data = super().clean()
        if (data.get("content") or "").strip():
            if not data.get("due_date") and "due_date" not in self.errors:
                self.add_error("due_date", _("By when will it be done?"))
            if not (data.get("responsible") or "").strip():
                self.add_error("responsible", _("Who is responsible?"))
        return data


CommitmentFormSet = forms.formset_factory(CommitmentForm, extra=2, max_num=20)


class CommitmentReportForm(forms.Form):
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    fulfilled = forms.BooleanField(label=_("Fulfilled"), required=False)


class SupervisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SupervisionAct.Kind.choices)
    date = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    content = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


# --- staff (admin) move forms ---------------------------------------------------------------------------

class PreReviewForm(VersionForm):
    lawful = forms.BooleanField(label=_("Lawful and within powers"), required=False)
    single_matter = forms.BooleanField(label=_("One matter"), required=False)
    feasible = forms.BooleanField(label=_("Feasible"), required=False)
    reasons = forms.CharField(label=_("Reasons (required to return or not register)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    merge_into = forms.ModelChoiceField(label=_("Merge into"), required=False, queryset=Suggestion.objects.none(),
                                        help_text=_("The most similar suggestions of the term that can still take it."))
    merge_number = forms.CharField(label=_("Or merge into the suggestion numbered"), required=False, max_length=20,
                                   help_text=_("Its registration number, e.g. 16-4-023."))

    def __init__(self, *args, suggestion=None, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["merge_into"]
        # Any mergeable suggestion of the term is accepted, but only the most similar ones (`targets`) are
        # offered: a term has thousands, far too many for a list (and for the page to render).
        field.queryset = (Suggestion.objects.filter(term_id=suggestion.term_id, status__in=MERGEABLE_STATES)
                          .exclude(pk=suggestion.pk))
        field.widget.choices = [("", "---------")] + [
            (o.pk, f"{o.number} {o.title}（{o.similarity:.0%}）") for o in targets]

    def clean(self):
        data = super().clean()
        number = (data.get("merge_number") or "").strip()
        if number:
            target = self.fields["merge_into"].queryset.filter(number=number).first()
            if target is None:
                self.add_error("merge_number", _("No suggestion of this term numbered %(number)s can take a merge "
                                                 "(it must be registered and not yet replied).") % {"number": number})
            elif data.get("merge_into") not in (None, target):
                self.add_error("merge_number", _("Choose one suggestion to merge into, not two."))
            else:
                data["merge_into"] = target
        return data


class AssignForm(forms.Form):
    """Staff's assignment, on the admin's pages: the unit lists (a district has some 200 units) are the
    admin's two-box selector with a filter box, as on its own forms, not a list to ctrl-click through."""

    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), required=False,
                                       queryset=HandlingUnit.objects.filter(is_active=True))
    co_units = forms.ModelMultipleChoiceField(label=_("Co-handling units"), required=False,
                                              queryset=HandlingUnit.objects.filter(is_active=True),
                                              widget=FilteredSelectMultiple(_("Co-handling units"), is_stacked=False))
    separate_units = forms.ModelMultipleChoiceField(
        label=_("Or: units handling separately"), required=False, queryset=HandlingUnit.objects.filter(is_active=True),
        widget=FilteredSelectMultiple(_("units handling separately"), is_stacked=False))


class UrgeForm(forms.Form):
    content = forms.CharField(label=_("Urging"), widget=forms.Textarea(attrs={"rows": 3}))


class KeyForm(forms.Form):
    leader = forms.ModelChoiceField(label=_("Leading leader"), queryset=None)
    government_lead = forms.CharField(label=_("Handled personally by (government head)"), required=False)

    def __init__(self, *args, **kwargs):
        from congress_portal.accounts.models import Role, User

        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = User.objects.filter(role=Role.LEADER, is_active=True)


class ScoreForm(forms.Form):
    compliance = forms.IntegerField(label=_("Compliance (0-100)"), min_value=0, max_value=100)
    document = forms.IntegerField(label=_("Document (0-100)"), min_value=0, max_value=100)
    effect = forms.IntegerField(label=_("Effect (0-100)"), min_value=0, max_value=100)
    third_party = forms.CharField(label=_("Third-party evaluation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "1",
                                     choices=[("1", _("Approve")), ("0", _("Reject"))], widget=forms.RadioSelect)
    new_unit = forms.ModelChoiceField(label=_("Unit that takes over"), required=False,
                                      queryset=HandlingUnit.objects.filter(is_active=True))
    granted_due = forms.DateField(label=_("Granted deadline"), required=False,
                                  widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(VersionForm):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SearchForm(SearchBoxForm):
    """The search box of a suggestions list: words the title or number must all contain."""

    label = _("Search title or number")
    placeholder = _("Title or number")

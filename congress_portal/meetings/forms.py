from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from congress_portal.accounts.models import User
from congress_portal.core.forms import AccessibleErrorsMixin

from .models import Participation, RollEntry


class AnnulForm(forms.Form):
    reason = forms.CharField(label=_("Reason for annulment"), max_length=300)


def _count():
    return forms.NumberInput(attrs={"class": "form-control count-input"})


class PaperForm(AccessibleErrorsMixin, forms.Form):
    """Paper voters (members on the roll who have not voted) and the counted totals, one field per option."""

    voters = forms.ModelMultipleChoiceField(
        label=_("Members voting on paper"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They can no longer vote on a phone. Tick them when their paper ballot is issued."))
    issued = forms.IntegerField(label=_("Ballots issued"), min_value=0, required=False, widget=_count())
    valid = forms.IntegerField(label=_("Valid ballots"), min_value=0, required=False, widget=_count())
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, required=False, widget=_count())
    not_returned = forms.IntegerField(label=_("Ballots not returned"), min_value=0, required=False, widget=_count())

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        voted = Participation.objects.filter(poll=poll).values("user_id")
        self.fields["voters"].queryset = (User.objects.filter(pk__in=RollEntry.objects.filter(poll=poll).values("user_id"))
                                          .exclude(pk__in=voted).order_by("committee_member__sort_order", "id"))
        self.option_fields = []
        for option in poll.options.all():
            name = f"option_{option.pk}"
            label = f"{option.subject}：{option.label}" if option.subject and option.subject != option.label else option.label
            self.fields[name] = forms.IntegerField(label=label, min_value=0, required=False, widget=_count())
            self.option_fields.append((option, name))

    def clean(self):
        data = super().clean()
        if data.get("issued") is not None:
            for name in ("valid", "invalid", "not_returned"):
                if data.get(name) is None:
                    self.add_error(name, _("Enter a number (0 when there are none)."))
        elif not data.get("voters"):
            raise ValidationError(_("Tick the members voting on paper, or enter the counted totals."))
        return data

    def counts(self):
        return {option.pk: self.cleaned_data.get(name) or 0 for option, name in self.option_fields}

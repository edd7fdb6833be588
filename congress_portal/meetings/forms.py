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
    """Paper voters (those on the roll who have not voted) and the counted totals, one field per option. The
    wording names who votes: the committee's members at a standing committee meeting, the deputies at a
    plenary session (Poll.voted_by_deputies)."""

    WORDING = {
        False: {"label": _("Members voting on paper"),
                "help": _("The members ticked can no longer vote on a phone: tick them when their paper ballot "
                          "is issued."),
                "empty": _("Tick the members voting on paper, or enter the counted totals.")},
        True: {"label": _("Deputies voting on paper"),
               "help": _("The deputies ticked can no longer vote on a phone: tick them when their paper ballot "
                         "is issued."),
               "empty": _("Tick the deputies voting on paper, or enter the counted totals.")},
    }

    voters = forms.ModelMultipleChoiceField(queryset=User.objects.none(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    issued = forms.IntegerField(label=_("Ballots issued"), min_value=0, required=False, widget=_count())
    valid = forms.IntegerField(label=_("Valid ballots"), min_value=0, required=False, widget=_count())
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, required=False, widget=_count())
    not_returned = forms.IntegerField(label=_("Ballots not returned"), min_value=0, required=False, widget=_count())

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.wording = self.WORDING[poll.voted_by_deputies]
        self.fields["voters"].label = self.wording["label"]
        self.fields["voters"].help_text = self.wording["help"]
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
            raise ValidationError(self.wording["empty"])
        return data

    def counts(self):
        return {option.pk: self.cleaned_data.get(name) or 0 for option, name in self.option_fields}

"""The search box of a list: a few words, each of which a row must contain.

At most 8 words and 100 characters, the limits of every search box (core/searching.py), so that a pasted
page cannot become a query of hundreds of substring tests. Words are split on any whitespace, full-width
spaces included.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .searching import MAX_SEARCH_LENGTH as MAX_SEARCH_CHARS
from .searching import MAX_SEARCH_WORDS


def search_words(text):
    return (text or "").split()


class SearchBoxForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_SEARCH_CHARS,
                        error_messages={"max_length": _("Search with at most %(limit_value)d characters.")},
                        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}))
    label = None
    placeholder = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.label:
            self.fields["q"].label = self.label
        if self.placeholder:
            self.fields["q"].widget.attrs["placeholder"] = self.placeholder

    def clean_q(self):
        words = search_words(self.cleaned_data["q"])
        if len(words) > MAX_SEARCH_WORDS:
            raise forms.ValidationError(_("Search with at most %(n)s words.") % {"n": MAX_SEARCH_WORDS})
        return " ".join(words)

    def words(self):
        """The words to search for: none when the box is empty or its input was refused."""
        return search_words(self.cleaned_data["q"]) if self.is_valid() else []

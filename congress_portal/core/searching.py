"""Limits of every search box, in the administration and on the portal (issue 12.6).

A search adds a condition per word; with no limit 1,000 words held a worker for seconds and 5,000 for
minutes. Searches here are names, numbers and a few words of a title: longer text is cut to the limit
(the administration, with a message) or refused by the form (the portal), before any query.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy, smart_split
from django.utils.translation import gettext_lazy as _

MAX_SEARCH_WORDS = 8
MAX_SEARCH_LENGTH = 100

SEARCH_HELP = format_lazy(_("At most {words} words and {chars} characters."), words=MAX_SEARCH_WORDS,
                          chars=MAX_SEARCH_LENGTH)


def search_words(text):
    """The words of a search as Django's admin splits them (a quoted phrase is one word)."""
    return list(smart_split(text))


def cap_search(text):
    """(`text` cut to MAX_SEARCH_LENGTH characters and its first MAX_SEARCH_WORDS words, whether it was cut)."""
    capped = text[:MAX_SEARCH_LENGTH]
    words = search_words(capped)
    if len(words) > MAX_SEARCH_WORDS:
        capped = " ".join(words[:MAX_SEARCH_WORDS])
    return capped, capped != text


def caseless(text):
    """Whether `text` has no letter with a case (Chinese, digits): its search needs no case folding."""
    return text.upper() == text.lower()


def contains_lookup(field, text):
    """`field__contains` for a caseless search (Chinese), else `field__icontains`. On PostgreSQL icontains
    compares UPPER(column), an expression without statistics, so the planner guesses that almost no row
    matches and sorts every match before taking a page; the plain column's statistics let it walk the
    list's index and stop at the page. Both find the same rows for caseless text."""
    return f"{field}__contains" if caseless(text) else f"{field}__icontains"


class CaselessSearchAdminMixin:
    """A ModelAdmin's search through `contains_lookup`: plain field names take `__contains` when the
    search is caseless (Chinese names, posts, titles)."""

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        term = request.GET.get("q", "")
        if not term or not caseless(term):
            return fields
        return [f if f[:1] in "^=@" or f.endswith(("__contains", "__icontains", "__exact", "__iexact"))
                else f"{f}__contains" for f in fields]


def validate_search_words(text):
    if len(search_words(text)) > MAX_SEARCH_WORDS:
        raise ValidationError(_("Search with at most %(words)s words."), code="too_many_words",
                              params={"words": MAX_SEARCH_WORDS})


class SearchField(forms.CharField):
    """A portal search box: at most MAX_SEARCH_LENGTH characters and MAX_SEARCH_WORDS words, as its help
    text says (shown by the page); the browser keeps to the length (maxlength), the form refuses more."""

    default_validators = [validate_search_words]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", SEARCH_HELP)
        super().__init__(**kwargs)
        self.error_messages["max_length"] = _("Search with at most %(limit_value)d characters.")


class SearchBoxForm(forms.Form):
    """The search box of a list on the portal: a few words, each of which a row must contain. Subclasses set
    `label` and `placeholder`; `words()` gives the words to filter by (none when the input was refused)."""

    q = SearchField(label=_("Search"), help_text="",
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
        return " ".join(self.cleaned_data["q"].split())

    def words(self):
        """The words to search for, split on any whitespace (full-width spaces included)."""
        return self.cleaned_data["q"].split() if self.is_valid() else []

"""Form widgets of the platform."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A single <select> rendered in one pass. Django renders each option through its own template (about a
    tenth of a millisecond each on the usual machine): a filter offering two hundred bodies spent more time
    on its options than the list page on its rows. Same markup, same attributes (aria-invalid and the rest)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = set(self.format_value(value))
        options = format_html_join("", "<option value=\"{}\"{}>{}</option>", (
            (str(key), mark_safe(" selected") if str(key) in chosen else "", label)
            for key, label in self.choices))
        return format_html("<select{}>{}</select>", flatatt(final), options)

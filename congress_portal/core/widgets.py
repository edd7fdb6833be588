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


class PlainCheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes rendered in one pass, for a choice among hundreds of bodies (see PlainSelect): each box
    with its own label, the list in one <div> that a search box with data-filter-for="<its id>" narrows as
    one types (static/js/filter-select.js). Checked boxes stay shown."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        base_id = final.pop("id", None) or f"id_{name}"
        final["id"] = base_id
        chosen = set(self.format_value(value))
        boxes = format_html_join("", (
            "<div class=\"form-check\"><input class=\"form-check-input\" type=\"checkbox\" name=\"{}\" "
            "id=\"{}_{}\" value=\"{}\"{}><label class=\"form-check-label\" for=\"{}_{}\">{}</label></div>"), (
            (name, base_id, index, str(key), mark_safe(" checked") if str(key) in chosen else "",
             base_id, index, label)
            for index, (key, label) in enumerate(self.choices)))
        return format_html("<div{}>{}</div>", flatatt(final), boxes)

    def id_for_label(self, id_, index=None):
        # The list as a whole has no single control to label: its <fieldset>'s legend names it.
        return "" if index is None else f"{id_}_{index}"

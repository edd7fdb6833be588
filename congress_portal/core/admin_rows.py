"""The rows of the admin's change lists, drawn as Django draws them with what is the same on every row
worked out once a page.

Django's `items_for_result` decides, for every cell of every row, what kind of column it is, which
classes it has, what an empty value shows, how a choice is labelled (building the choices dict anew
each time) and where the row's link goes (resolving the link's address to add the list's filters).
At 30 rows and eight columns that was a third of the suggestion list's time. Here each column is
looked at once (`_compile`), and each row only reads its values. The cells are the same text as
Django's: tests/core/test_admin_rows.py compares both, cell by cell, for every list in the admin.

Lists Django draws differently (editable lists, pop-ups) are left to Django.
"""

import datetime

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_list import (
    ResultList, _coerce_field_name, result_headers, result_hidden_fields,
)
from django.contrib.admin.templatetags.admin_list import result_list as django_result_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName, _get_non_gfk_field, display_for_field, display_for_value, lookup_field,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.templatetags.static import static
from django.urls import NoReverseMatch
from django.utils import formats
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

BOOLEAN_ALT = {True: _("Yes"), False: _("No"), None: _("Unknown")}


def boolean_icon(field_val):
    """Django's yes/no/unknown icon with its alt text in words (Django writes True/False/None)."""
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), BOOLEAN_ALT[field_val])


def _link_in_col(is_first, field_name, cl):
    if cl.list_display_links is None:
        return False
    if is_first and not cl.list_display_links:
        return True
    return field_name in cl.list_display_links


def _blank_to_empty(value):
    return "" if isinstance(value, str) and value.strip() == "" else value


class _Column:
    """One column of the list: `cell(row)` gives a row's text and the cell's classes, as Django would."""

    def __init__(self, cl, index, name, link, table_tag):
        self.admin, self.name, self.link, self.table_tag = cl.model_admin, name, link, table_tag
        self.classes = ["field-%s" % _coerce_field_name(name, index)]
        self.empty = self.admin.get_empty_value_display()
        self.cell = self._generic
        try:
            field = _get_non_gfk_field(cl.lookup_opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName, TypeError):
            field = None
        if field is not None and not field.auto_created:
            self._field_column(field)
        elif field is None and isinstance(name, str) and hasattr(self.admin, name) and name != "__str__":
            self._admin_method_column(getattr(self.admin, name))

    def _generic(self, row):
        """Django's lookup_field and items_for_result, for a column of any other kind."""
        try:
            f, attr, value = lookup_field(self.name, row, self.admin)
        except ObjectDoesNotExist:
            return self.empty, self.classes
        empty = getattr(attr, "empty_value_display", self.empty)
        value = _blank_to_empty(value)
        classes = self.classes
        if f is None or f.auto_created:
            if self.name == "action_checkbox":
                classes = ["action-checkbox"]
            boolean = getattr(attr, "boolean", False)
            if isinstance(attr, property) and hasattr(attr, "fget"):
                boolean = getattr(attr.fget, "boolean", False)
            text = display_for_value(value, empty, boolean)
            if isinstance(value, (datetime.date, datetime.time)):
                classes = [*classes, "nowrap"]
        else:
            if isinstance(f.remote_field, models.ManyToOneRel):
                related = getattr(row, f.name)
                text = empty if related is None else related
            else:
                text = display_for_field(value, f, empty, avoid_link=self.link)
            if isinstance(f, (models.DateField, models.TimeField, models.ForeignKey)):
                classes = [*classes, "nowrap"]
        return text, classes

    def _field_column(self, field):
        name, empty = field.name, self.empty
        if isinstance(field.remote_field, models.ManyToOneRel):
            def text(row):
                related = getattr(row, name)
                return empty if related is None else related
        elif getattr(field, "flatchoices", None):
            try:
                labels = {value: conditional_escape(label) for value, label in field.flatchoices}
            except TypeError:  # list-like choices: left to Django's way
                return

            def text(row):
                return labels.get(_blank_to_empty(getattr(row, name)), empty)
        elif isinstance(field, models.BooleanField):
            icons = {value: admin_list._boolean_icon(value) for value in (True, False, None)}

            def text(row):
                return icons[getattr(row, name)]
        elif isinstance(field, (models.DateField, models.TimeField)) and not isinstance(field, models.DateTimeField):
            blank = field.empty_values

            def text(row):
                value = _blank_to_empty(getattr(row, name))
                return empty if value in blank else formats.localize(value)
        else:
            link = self.link

            def text(row):
                return display_for_field(_blank_to_empty(getattr(row, name)), field, empty, avoid_link=link)
        classes = self.classes
        if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
            classes = [*classes, "nowrap"]
        self.cell = lambda row: (text(row), classes)

    def _admin_method_column(self, method):
        classes = ["action-checkbox"] if self.name == "action_checkbox" else self.classes
        dated = [*classes, "nowrap"]
        empty = getattr(method, "empty_value_display", self.empty)
        boolean = getattr(method, "boolean", False)

        def cell(row):
            value = _blank_to_empty(method(row))
            return (display_for_value(value, empty, boolean),
                    dated if isinstance(value, (datetime.date, datetime.time)) else classes)
        self.cell = cell


def _compile(cl):
    columns, first = [], True
    for index, name in enumerate(cl.list_display):
        link = _link_in_col(first, name, cl)
        columns.append(_Column(cl, index, name, link, "th" if link and first else "td"))
        if link:
            first = False
    return columns


class _RowLinks:
    """Each row's address with the list's filters, as Django's items_for_result makes it. With an
    integer primary key, every row's address is the first row's with its own key in place."""

    def __init__(self, cl):
        self.cl = cl
        self.template = None
        self.whole_numbers = isinstance(cl.lookup_opts.pk, models.IntegerField)  # auto fields included

    def _django(self, row):
        url = self.cl.url_for_result(row)
        return add_preserved_filters({"preserved_filters": self.cl.preserved_filters, "opts": self.cl.opts}, url)

    def __call__(self, row):
        if not self.whole_numbers:
            return self._django(row)
        if self.template is None:
            url = self._django(row)
            head, found, tail = url.rpartition(f"/{row.pk}/")
            if not found:
                return url
            self.template = (f"{head}/", f"/{tail}")
            return url
        return f"{self.template[0]}{row.pk}{self.template[1]}"


def fast_results(cl):
    """The rows of a list that is neither editable nor a pop-up, as Django's `results(cl)` gives them."""
    columns = _compile(cl)
    links = _RowLinks(cl)
    rows = []
    for row in cl.result_list:
        cells = []
        for column in columns:
            try:
                text, classes = column.cell(row)
            except ObjectDoesNotExist:
                text, classes = column.empty, column.classes
            inner = conditional_escape(text)
            if column.link:
                try:
                    inner = f'<a href="{escape(links(row))}">{inner}</a>'
                except NoReverseMatch:
                    pass
            tag = column.table_tag
            cells.append(SafeString(f'<{tag} class="{" ".join(classes)}">{inner}</{tag}>'))
        rows.append(ResultList(None, cells))
    return rows


def result_list(cl):
    """The context of Django's `{% result_list %}`, with the rows drawn by `fast_results`."""
    if cl.formset or cl.is_popup:
        return django_result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": fast_results(cl),
    }

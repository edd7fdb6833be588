from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

_CHOICE_LABELS = {}


class ChoiceLabelsMixin:
    """A cheaper `get_FOO_display()` for models shown in long lists.

    Django rebuilds a hashable copy of the field's choices on every call, which hashes (and so
    translates) every lazy label: on a page of 100 rows that was a tenth of the rendering time. Here
    the value-to-label map is built once per field; the labels stay lazy, so each call translates
    only the label it returns, in the language of the request.
    """

    def _get_FIELD_display(self, field):
        labels = _CHOICE_LABELS.get(field)
        if labels is None:
            labels = _CHOICE_LABELS[field] = dict(field.flatchoices)
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value: Django's own way copes with it
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


class RecordNameMixin:
    """`str()` of a record with no name of its own (a reply, a request, a progress report): its kind and
    number, 承诺进展 #85, not Django's English "CommitmentProgress object (85)" in the admin's titles,
    breadcrumbs and checkboxes. Reads no related row, so a list that prints every record (the admin's
    checkboxes do) makes no query per row."""

    def __str__(self):
        from django.utils.text import capfirst
        from django.utils.translation import gettext

        return gettext("%(kind)s #%(number)s") % {"kind": capfirst(self._meta.verbose_name), "number": self.pk}


class CalendarDay(models.Model):
    """A day that breaks the Monday-to-Friday rule: a public holiday, or a make-up working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, help_text=_("e.g. Spring Festival"))
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Entered before the State Council notice was published; check it against the notice."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("working-day calendar")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"


class DeadlineSetting(models.Model):
    """One deadline parameter of DOMAIN §9, editable by staff; code reads it, never a constant."""

    class Unit(models.TextChoices):
        DAYS = "days", _("calendar days")
        WORKING_DAYS = "working_days", _("working days")
        MONTHS = "months", _("months")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    amount = models.PositiveIntegerField(_("amount"))
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    reminder_days = models.CharField(
        _("reminder offsets"),
        max_length=50,
        blank=True,
        help_text=_("Days before the deadline on which reminders go out, comma separated, e.g. 15,7,3,1."),
    )
    source = models.CharField(_("legal source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("deadline setting")
        verbose_name_plural = _("deadline settings")

    def __str__(self):
        return f"{self.label}: {self.amount} {self.get_unit_display()}"

    @property
    def label(self):
        from .deadlines import DEFAULTS_BY_CODE

        default = DEFAULTS_BY_CODE.get(self.code)
        return default.name if default else self.code

    def reminder_offsets(self):
        from .numbers import int_or_none

        days = (int_or_none(x.strip(), minimum=0, maximum=3660) for x in self.reminder_days.replace("，", ",").split(","))
        return sorted({d for d in days if d is not None}, reverse=True)

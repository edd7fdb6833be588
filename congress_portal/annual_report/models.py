"""The staff's narrative of the annual work report (one text per chapter and year, every save a version)
and the rendered reports (kept until the data or the text changes: their fingerprint)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import chapters


class Narrative(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    chapter = models.CharField(_("chapter"), max_length=40, choices=chapters.chapter_choices())
    html = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        ordering = ["-year", "chapter"]
        constraints = [models.UniqueConstraint(fields=["year", "chapter"], name="annual_narrative_once")]

    def __str__(self):
        return f"{self.year} · {chapters.title_of(self.chapter)}"


class NarrativeVersion(models.Model):
    """One save of a narrative, append-only: viewable and restorable (restoring appends a new version)."""

    narrative = models.ForeignKey(Narrative, models.CASCADE, related_name="versions", verbose_name=_("report text"))
    number = models.PositiveIntegerField(_("version"))
    html = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("saved by"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("report text version")
        verbose_name_plural = _("report text versions")
        ordering = ["narrative", "-number"]
        constraints = [models.UniqueConstraint(fields=["narrative", "number"], name="annual_version_once")]

    def __str__(self):
        return f"{self.narrative} v{self.number}"


class RenderState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Done")
    FAILED = "failed", _("Render failed")


class WordState(models.TextChoices):
    """The Word copy of a done render, made by a task of its own after the PDF."""
    WAITING = "", _("Not started")
    QUEUED = "queued", _("Making the Word copy")
    RUNNING = "running", _("Making the Word copy")
    DONE = "done", _("Done")
    FAILED = "failed", _("Word copy failed")


class ReportRender(models.Model):
    """One rendering of a year's report. The newest done render whose fingerprint equals the current
    data's and text's is the report staff download; any change to either makes a new render necessary."""

    year = models.PositiveSmallIntegerField(_("year"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=RenderState.choices, default=RenderState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    pdf = models.BinaryField(_("PDF file"), null=True, editable=False)
    docx = models.BinaryField(_("Word document"), null=True, editable=False)
    word_state = models.CharField(_("Word copy"), max_length=10, choices=WordState.choices, default=WordState.WAITING,
                                  blank=True)
    word_error = models.TextField(_("why the Word copy failed"), blank=True)
    word_seconds = models.FloatField(_("Word copy's task time (s)"), null=True, blank=True)
    # The sections and texts the PDF printed, from which the Word copy is made (the data may change meanwhile).
    content = models.JSONField(_("content"), null=True, blank=True, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    seconds = models.FloatField(_("task time (s)"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rendered report")
        verbose_name_plural = _("rendered reports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.year} · {self.get_state_display()} · {self.created_at:%Y-%m-%d %H:%M}"

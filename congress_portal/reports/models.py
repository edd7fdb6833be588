from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Letterhead(models.Model):
    """The one letterhead (红头) of every PDF the portal prints: edited once in the admin (a single row)."""

    class Seal(models.TextChoices):
        RIGHT = "right", _("Over the date, right")
        CENTRE = "centre", _("Centred under the text")
        NONE = "none", _("No seal mark")

    class Font(models.TextChoices):
        SERIF = "Noto Serif CJK SC", _("Serif (仿宋 role): Noto Serif CJK")
        SANS = "Noto Sans CJK SC", _("Sans (黑体 role): Noto Sans CJK")

    header_text = models.CharField(_("letterhead text (红头)"), max_length=60, blank=True,
                                   help_text=_("Empty: the committee's name (the CONGRESS_NAME setting or the district's)."))
    colour = models.CharField(_("letterhead colour"), max_length=7, default="#c00000",
                              validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))])
    seal_position = models.CharField(_("seal position"), max_length=10, choices=Seal.choices, default=Seal.RIGHT)
    body_font = models.CharField(_("body font"), max_length=40, choices=Font.choices, default=Font.SERIF)
    heading_font = models.CharField(_("heading font"), max_length=40, choices=Font.choices, default=Font.SANS)
    # The seal's image is kept in the row itself (a few hundred KB at most): every PDF reads the one
    # letterhead row anyway, and a Celery worker needs no access to the media storage to print it.
    seal_image = models.BinaryField(_("seal image"), blank=True, default=b"", editable=False)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterhead")

    def __str__(self):
        return str(_("Letterhead"))


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Could not be made")


class ExportJob(models.Model):
    """A large export (a ledger of tens of thousands of rows) made by the documents worker instead of in
    the request: what was asked (a registered export and its filter), how far it is, and the file when
    ready. Only the person who asked downloads it (and superusers)."""

    export = models.CharField(_("export"), max_length=60)
    params = models.JSONField(_("filter"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    content = models.BinaryField(_("file"), null=True, editable=False)
    seconds = models.FloatField(_("task time (s)"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+",
                                     verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "export", "state"], name="export_job_owner_idx")]

    def __str__(self):
        return f"{self.export} · {self.get_state_display()} · {self.created_at:%Y-%m-%d %H:%M}"

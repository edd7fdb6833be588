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

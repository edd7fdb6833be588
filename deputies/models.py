"""The deputies register: deputies of the four levels, their groups and liaison stations."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_public_code():
    """An unguessable code for public URLs and QR codes (never the primary key)."""
    return secrets.token_urlsafe(9)


class DeputyGroup(models.Model):
    """代表小组: a street group (or delegation), or a professional group (专业代表小组)."""

    class Kind(models.TextChoices):
        STREET = "street", _("Street group")
        PROFESSIONAL = "professional", _("Professional group")

    name = models.CharField(_("name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.STREET)
    street = models.CharField(_("street"), max_length=50, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        verbose_name = _("deputy group")
        verbose_name_plural = _("deputy groups")

    def __str__(self):
        return self.name


class LiaisonStation(models.Model):
    """代表联络站 / 联络点: where deputies receive voters; has a public QR code."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Community centre station")
        BUILDING = "building", _("Building point")
        BLOCK = "block", _("Street-block point")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COMMUNITY)
    street = models.CharField(_("street"), max_length=50)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("public phone"), max_length=30, blank=True)
    reception_schedule = models.CharField(_("reception schedule"), max_length=200, blank=True)
    public_code = models.CharField(_("public code"), max_length=20, unique=True, default=new_public_code,
                                   editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["street", "name"]
        verbose_name = _("liaison station")
        verbose_name_plural = _("liaison stations")

    def __str__(self):
        return self.name


class Deputy(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")

    class Status(models.TextChoices):
        SERVING = "serving", _("Serving")
        TERMINATED = "terminated", _("Terminated")
        RESIGNED = "resigned", _("Resigned")
        REMOVED = "removed", _("Recalled")

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    # Private: never on a public page (代表法 art. 58 publishes basic and performance data only).
    id_number = models.CharField(_("ID number"), max_length=18, unique=True, null=True, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=20, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.DISTRICT)
    term = models.ForeignKey("organization.Term", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="deputies", verbose_name=_("term"),
                             help_text=_("The district term, for district deputies."))
    group = models.ForeignKey(DeputyGroup, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="deputies", verbose_name=_("deputy group"),
                              limit_choices_to={"kind": DeputyGroup.Kind.STREET})
    professional_group = models.ForeignKey(
        DeputyGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="professional_members",
        verbose_name=_("professional group"), limit_choices_to={"kind": DeputyGroup.Kind.PROFESSIONAL},
    )
    constituency = models.CharField(_("constituency"), max_length=80, blank=True)
    station = models.ForeignKey(LiaisonStation, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="deputies", verbose_name=_("liaison station"))
    occupation = models.CharField(_("work unit and post"), max_length=120, blank=True)
    party = models.CharField(_("political affiliation"), max_length=30, blank=True)
    photo = models.ImageField(_("photo"), upload_to="deputies/photos/", blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SERVING)
    public_code = models.CharField(_("public code"), max_length=20, unique=True, default=new_public_code,
                                   editable=False)

    class Meta:
        ordering = ["group__sort_order", "name", "id"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        indexes = [models.Index(fields=["level", "status"], name="deputy_level_status_idx")]

    def __str__(self):
        return self.name

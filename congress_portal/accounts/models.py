from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Committee staff")
    LEADER = "leader", _("Leadership")
    DEPUTY = "deputy", _("Deputy")
    UNIT_OFFICER = "unit_officer", _("Unit officer")


class User(AbstractUser):
    """A person who logs in. Acts for at most one thing: an office, a deputy, or a handling unit."""

    real_name = models.CharField(_("real name"), max_length=50)
    mobile = models.CharField(_("mobile phone"), max_length=20, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    office = models.ForeignKey(
        "organization.Committee", on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
        verbose_name=_("office"), help_text=_("For committee staff: the office or committee they work in."),
    )
    unit = models.ForeignKey(
        "organization.HandlingUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="officers",
        verbose_name=_("handling unit"), help_text=_("For unit officers: the unit they act for."),
    )
    deputy = models.OneToOneField(
        "deputies.Deputy", on_delete=models.PROTECT, null=True, blank=True, related_name="user",
        verbose_name=_("deputy"), help_text=_("For deputies: their record in the deputies register."),
    )
    committee_member = models.OneToOneField(
        "organization.CommitteeMember", on_delete=models.PROTECT, null=True, blank=True, related_name="user",
        verbose_name=_("committee member"), help_text=_("For leaders: their seat on the standing committee."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # The database refuses a user who acts for the wrong kind of thing.
            models.CheckConstraint(
                name="unit_officer_has_unit",
                condition=~Q(role="unit_officer") | Q(unit__isnull=False),
            ),
            models.CheckConstraint(
                name="deputy_has_deputy_record",
                condition=~Q(role="deputy") | Q(deputy__isnull=False),
            ),
        ]

    def __str__(self):
        return self.real_name or self.username

    def get_full_name(self):
        return self.real_name or self.username

    def get_short_name(self):
        return self.real_name or self.username

    @property
    def display_name(self):
        return self.get_full_name()

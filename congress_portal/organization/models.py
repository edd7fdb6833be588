"""Who is who: terms and sessions, the standing committee and its committees, handling units."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """届: a congress term, e.g. 第十六届 (5 years)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True, help_text=_("16 for 第十六届"))
    name = models.CharField(_("name"), max_length=50)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_current = models.BooleanField(_("current term"), default=False)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_term"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        return cls.objects.filter(is_current=True).first()

    def members_in_office(self):
        return self.committee_members.filter(left_on__isnull=True)

    def majority_of_all_members(self):
        """Votes needed to pass: more than half of ALL members in office, not of those present."""
        return self.members_in_office().count() // 2 + 1


class Session(models.Model):
    """次会议: a plenary session of the congress within a term (第四次会议)."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("term"))
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=80)
    start_date = models.DateField(_("opens"))
    end_date = models.DateField(_("closes"))

    class Meta:
        ordering = ["-term__number", "-number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="unique_session_number")]

    def __str__(self):
        return f"{self.term.name}{self.name}"

    @classmethod
    def in_session_on(cls, day):
        """The session running on `day`, or None during recess (闭会期间)."""
        return cls.objects.filter(start_date__lte=day, end_date__gte=day).select_related("term").first()


class Committee(models.Model):
    """专门委员会 / 工作委员会 / 办公室: the bodies that own supervision topics and staff."""

    class Kind(models.TextChoices):
        SPECIAL = "special", _("Special committee")
        WORKING = "working", _("Working committee")
        OFFICE = "office", _("Office")

    name = models.CharField(_("name"), max_length=80, unique=True)
    short_name = models.CharField(_("short name"), max_length=20)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    handles_suggestions = models.BooleanField(
        _("handles deputy suggestions"), default=False, help_text=_("The 代表工委, whose staff run suggestions.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self):
        return self.name


class CommitteeMember(models.Model):
    """常委会组成人员; their number in office is the base of every majority-of-all-members rule."""

    class Post(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        SECRETARY_GENERAL = "secretary_general", _("Secretary-general")
        MEMBER = "member", _("Member")

    CHAIRS_MEETING_POSTS = (Post.CHAIR, Post.VICE_CHAIR, Post.SECRETARY_GENERAL)

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="committee_members",
                             verbose_name=_("term"))
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=20, choices=Post.choices, default=Post.MEMBER)
    committee = models.ForeignKey(Committee, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="members", verbose_name=_("committee"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["term", "sort_order", "id"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self):
        return f"{self.name}（{self.get_post_display()}）"

    @property
    def in_chairs_meeting(self):
        return self.post in self.CHAIRS_MEETING_POSTS


class HandlingUnit(models.Model):
    """承办单位: a body that handles suggestions and answers supervision."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government department")
        SUPERVISORY = "supervisory", _("Supervisory commission")
        COURT = "court", _("Court")
        PROCURATORATE = "procuratorate", _("Procuratorate")
        STREET = "street", _("Street office")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")

    def __str__(self):
        return self.name

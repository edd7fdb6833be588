"""Appointments and removals (人事任免, DOMAIN §6): a motion from a nominating body, its nominees, the
qualification review and the law exam of each nominee, and the vote through the meetings engine."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_portal.meetings.models import AgendaItem, Poll, StandingCommitteeMeeting


class NominatingBody(models.TextChoices):
    DISTRICT_HEAD = "district_head", _("District head")
    COURT_PRESIDENT = "court_president", _("President of the court")
    CHIEF_PROCURATOR = "chief_procurator", _("Chief procurator")
    CHAIRS_MEETING = "chairs_meeting", _("Chairs' meeting")


class Organ(models.TextChoices):
    GOVERNMENT = "government", _("District people's government")
    COURT = "court", _("District people's court")
    PROCURATORATE = "procuratorate", _("District people's procuratorate")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee and its offices")


class Kind(models.TextChoices):
    APPOINT = "appoint", _("Appointment")
    REMOVE = "remove", _("Removal")
    DECIDE = "decide", _("Decided appointment")
    RESIGNATION = "resignation", _("Acceptance of resignation")
    DISMISS = "dismiss", _("Dismissal")


class State(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("nominee state", "Registered")
    REVIEWED = "reviewed", _("Qualification review passed")
    REVIEW_FAILED = "review_failed", _("Qualification review failed")
    EXAMINED = "examined", _("Law exam passed")
    EXAM_FAILED = "exam_failed", _("Law exam failed")
    TO_VOTE = "to_vote", _("Sent to the vote")
    VOTING = "voting", _("Being voted on")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


class Motion(models.Model):
    """提请任免议案: a nominating body's motion for a standing committee meeting."""

    title = models.CharField(_("title"), max_length=200)
    nominating_body = models.CharField(_("nominating body"), max_length=20, choices=NominatingBody.choices)
    meeting = models.ForeignKey(StandingCommitteeMeeting, on_delete=models.PROTECT,
                                related_name="appointment_motions", verbose_name=_("standing committee meeting"))
    submitted_on = models.DateField(_("submitted on"))
    late = models.BooleanField(_("submitted late"), default=False)
    late_consent_on = models.DateField(_("chairs' meeting consent on"), null=True, blank=True)
    late_consent_note = models.CharField(_("chairs' meeting consent"), max_length=300, blank=True)
    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="appointment_motion", verbose_name=_("agenda item"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("registered by"))
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("appointment motion")
        verbose_name_plural = _("appointment motions")
        constraints = [models.CheckConstraint(
            name="late_motion_has_consent",
            condition=models.Q(late=False) | models.Q(late_consent_on__isnull=False))]

    def __str__(self):
        return self.title


class Nominee(models.Model):
    """One person of a motion: appointed to, or removed from, one post."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="nominees", verbose_name=_("motion"))
    person_name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    post = models.CharField(_("post"), max_length=100)
    organ = models.CharField(_("organ"), max_length=20, choices=Organ.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reasons = models.TextField(_("reasons"))
    resume = models.TextField(_("résumé"), blank=True)
    # Personal data: committee staff only (never on the announcement).
    id_number = models.CharField(_("ID card number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    exam_required = models.BooleanField(_("law exam required"), default=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.REGISTERED)
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="appointment_nominee", verbose_name=_("poll"))
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["motion", "id"]
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")

    def __str__(self):
        return f"{self.person_name}（{self.post}）"

    @property
    def term(self):
        return self.motion.meeting.term


class QualificationReview(models.Model):
    """资格审查 of a nominee: the checklist as reviewed, who reviewed, the result and remarks."""

    nominee = models.OneToOneField(Nominee, on_delete=models.CASCADE, related_name="review",
                                   verbose_name=_("nominee"))
    checklist = models.JSONField(_("checklist"), default=dict,
                                 help_text=_("Each checklist item and whether it is met."))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=pgettext_lazy("qualification review", "reviewer"))
    passed = models.BooleanField(_("review passed"))
    remarks = models.TextField(_("remarks"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("qualification review")
        verbose_name_plural = _("qualification reviews")

    def __str__(self):
        return str(self.nominee)


class LawExam(models.Model):
    """任前法律知识考试 of a nominee: date, score and the pass mark in force when it was recorded."""

    nominee = models.OneToOneField(Nominee, on_delete=models.CASCADE, related_name="exam", verbose_name=_("nominee"))
    date = models.DateField(_("exam date"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    pass_mark = models.DecimalField(_("pass mark"), max_digits=5, decimal_places=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("law exam")
        verbose_name_plural = _("law exams")

    def __str__(self):
        return str(self.nominee)

    @property
    def passed(self):
        return self.score >= self.pass_mark

"""Livelihood projects chosen by the deputies' vote (群众提、代表定、政府办、人大评, DOMAIN §5).

A year's solicitation collects the public's proposals; staff screen them into candidate projects; the
standing committee approves the candidate list; the plenary session votes on it through the meetings
engine (approve up to N of M); the chosen projects are carried out by their units, who report progress.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress_portal.core.models import ChoiceLabelsMixin
from congress_portal.meetings.models import Poll, PollOption, StandingCommitteeMeeting
from congress_portal.organization.models import HandlingUnit, Session
from deputies.models import new_tracking_code


def min_solicitation_days():
    """The shortest solicitation period, in days (a setting; 30 unless the deployment says more)."""
    return getattr(settings, "LIVELIHOOD_MIN_SOLICITATION_DAYS", 30)


class Solicitation(models.Model):
    """One year's call for livelihood projects (民生实事项目征集), and the vote that follows it."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_on = models.DateField(_("solicitation opens"))
    closes_on = models.DateField(_("solicitation closes"))
    places = models.PositiveSmallIntegerField(_("projects to choose"), default=10,
                                              validators=[MinValueValidator(1)])
    session = models.ForeignKey(Session, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("plenary session that votes"))
    approved_at = models.DateTimeField(_("candidate list approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approval_meeting = models.ForeignKey(StandingCommitteeMeeting, on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="+",
                                         verbose_name=_("standing committee meeting that approved the list"))
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("plenary ballot"))
    result_taken_at = models.DateTimeField(_("result taken at"), null=True, blank=True)
    evaluation_session = models.ForeignKey(Session, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                           verbose_name=_("plenary session where deputies evaluate the projects"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("livelihood project solicitation")
        verbose_name_plural = _("livelihood project solicitations")
        constraints = [models.CheckConstraint(name="solicitation_closes_after_opening",
                                              condition=Q(closes_on__gt=models.F("opens_on")))]

    def __str__(self):
        from django.utils.translation import gettext

        return gettext("Livelihood projects %(year)s") % {"year": self.year}

    def clean(self):
        if self.opens_on and self.closes_on:
            days = min_solicitation_days()
            if self.closes_on < self.opens_on + datetime.timedelta(days=days):
                raise ValidationError({"closes_on": _(
                    "The solicitation must stay open at least %(days)s days.") % {"days": days}})

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class ProjectProposal(ChoiceLabelsMixin, models.Model):
    """A project proposed by the public (or by a signed-in deputy) during the solicitation."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, being screened")
        ADOPTED = "adopted", _("Taken into a candidate project")
        DECLINED = "declined", _("Not taken up")

    solicitation = models.ForeignKey(Solicitation, on_delete=models.PROTECT, related_name="proposals",
                                     verbose_name=_("solicitation"))
    text = models.TextField(_("proposed project"))
    proposer_name = models.CharField(_("proposer's name"), max_length=30, blank=True)
    proposer_phone = models.CharField(_("proposer's phone"), max_length=20, blank=True)
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("proposed by (signed in)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    tracking_code = models.CharField(_("tracking code"), max_length=32, unique=True, default=new_tracking_code,
                                     editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decline_reason = models.TextField(_("reason it was not taken up"), blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("project proposal")
        verbose_name_plural = _("project proposals")

    def __str__(self):
        return self.text[:40]


class CandidateProject(models.Model):
    """A candidate project (候选项目) screened from the proposals, as it appears on the ballot."""

    solicitation = models.ForeignKey(Solicitation, on_delete=models.PROTECT, related_name="candidates",
                                     verbose_name=_("solicitation"))
    title = models.CharField(_("project"), max_length=100)
    description = models.TextField(_("description"))
    budget = models.DecimalField(_("budget (10,000 yuan)"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("responsible unit"))
    expected_completion = models.DateField(_("expected completion"))
    proposals = models.ManyToManyField(ProjectProposal, blank=True, related_name="candidates",
                                       verbose_name=_("from the proposals"))
    order = models.PositiveSmallIntegerField(_("order on the ballot"), default=0)
    option = models.OneToOneField(PollOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("ballot option"))

    class Meta:
        ordering = ["solicitation", "order", "id"]
        verbose_name = _("candidate project")
        verbose_name_plural = _("candidate projects")
        constraints = [models.UniqueConstraint(fields=["solicitation", "title"], name="one_candidate_per_title")]

    def __str__(self):
        return self.title


class Verdict(models.TextChoices):
    """The deputies' year-end satisfaction with a project (人大评), under the poll's rule (Zhenhai by default)."""

    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class ChosenProject(ChoiceLabelsMixin, models.Model):
    """A project the deputies chose, carried out by its unit (政府办) and followed in public."""

    candidate = models.OneToOneField(CandidateProject, on_delete=models.PROTECT, related_name="chosen",
                                     verbose_name=_("candidate project"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    approvals = models.PositiveIntegerField(_("approvals"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    budget_spent = models.DecimalField(_("budget spent (10,000 yuan)"), max_digits=10, decimal_places=2, default=0,
                                       validators=[MinValueValidator(0)])
    # The next quarterly progress report (DeadlineSetting livelihood_progress), read by the reminder sweep.
    next_report_due = models.DateField(_("next progress report due"), null=True, blank=True)
    evaluation_poll = models.OneToOneField(Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                           verbose_name=_("year-end satisfaction vote"))
    evaluation = models.CharField(_("deputies' evaluation"), max_length=12, choices=Verdict.choices, blank=True)
    evaluated_at = models.DateTimeField(_("evaluation published at"), null=True, blank=True)
    # 不满意: the project is carried into next year's supervision; staff then put it there as an item.
    carry_over = models.BooleanField(_("carried into next year's supervision"), default=False)
    # One item per project: the database refuses a second (a double click, two staff at once).
    supervision_item = models.OneToOneField("supervision.SupervisionItem", on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="source_project",
                                            verbose_name=_("supervision item of next year"))

    class Meta:
        ordering = ["candidate__solicitation", "rank"]
        verbose_name = _("chosen project")
        verbose_name_plural = _("chosen projects")
        constraints = [models.CheckConstraint(name="chosen_progress_0_100", condition=Q(progress__lte=100)),
                       models.CheckConstraint(name="chosen_budget_spent_not_negative", condition=Q(budget_spent__gte=0))]

    def __str__(self):
        return self.candidate.title


class Milestone(models.Model):
    """A step of a chosen project's plan (年初问计划), with its planned date and the day it was reached."""

    project = models.ForeignKey(ChosenProject, on_delete=models.PROTECT, related_name="milestones",
                                verbose_name=_("chosen project"))
    title = models.CharField(_("project milestone"), max_length=100)
    planned_on = models.DateField(_("planned for"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    done_note = models.TextField(_("what was done (evidence)"), blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("marked reached by"))

    class Meta:
        ordering = ["project", "planned_on", "id"]
        verbose_name = _("project milestone")
        verbose_name_plural = _("project milestones")

    def __str__(self):
        return self.title


class ProjectPhoto(models.Model):
    """A photo of the works, checked and re-encoded on upload (no EXIF), shown on the public pages."""

    project = models.ForeignKey(ChosenProject, on_delete=models.PROTECT, related_name="photos",
                                verbose_name=_("chosen project"))
    image = models.CharField(_("photo"), max_length=200, editable=False)
    caption = models.CharField(_("caption"), max_length=100)
    # A photo sent as the evidence that a milestone was reached.
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, null=True, blank=True, related_name="photos",
                                  verbose_name=_("evidence of the milestone"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["project", "-uploaded_at", "-id"]
        verbose_name = _("project photo")
        verbose_name_plural = _("project photos")

    def __str__(self):
        return self.caption


class Inspection(models.Model):
    """Deputies' inspection (视察) of a chosen project, with what they found."""

    project = models.ForeignKey(ChosenProject, on_delete=models.PROTECT, related_name="inspections",
                                verbose_name=_("chosen project"))
    date = models.DateField(_("date of the inspection"))
    deputies = models.ManyToManyField("deputies.Deputy", related_name="+", verbose_name=_("deputies"))
    findings = models.TextField(_("findings and suggestions"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["project", "-date", "-id"]
        verbose_name = _("inspection by deputies")
        verbose_name_plural = _("inspections by deputies")

    def __str__(self):
        return f"{self.project} {self.date:%Y-%m-%d}"


class ProgressReport(ChoiceLabelsMixin, models.Model):
    """A progress report by the responsible unit (年初问计划、年中问进度、年末问结果)."""

    class Period(models.TextChoices):
        PLAN = "plan", _("Start of the year: the plan")
        QUARTER = "quarter", _("Quarterly progress")
        MIDYEAR = "midyear", _("Mid-year: the progress")
        RESULT = "result", _("Year end: the result")

    project = models.ForeignKey(ChosenProject, on_delete=models.PROTECT, related_name="reports",
                                verbose_name=_("chosen project"))
    period = models.CharField(_("report of"), max_length=10, choices=Period.choices, default=Period.QUARTER)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    budget_spent = models.DecimalField(_("budget spent (10,000 yuan)"), max_digits=10, decimal_places=2, null=True,
                                       blank=True, validators=[MinValueValidator(0)])
    text = models.TextField(_("report"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["project", "-reported_at", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [models.CheckConstraint(name="report_progress_0_100", condition=Q(progress__lte=100))]

    def __str__(self):
        return f"{self.project} {self.progress}%"

"""Supervision (监督, DOMAIN §4): the supervision item every kind of work hangs on.

This is the item's core, shared by the supervision plan and stages (this app) and the deliberation
opinions, rectifications and satisfaction votes (`supervision.deliberation`). Later migrations of this
app add to it; the shape below is what other apps may rely on.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress_portal.core.models import ChoiceLabelsMixin
from deputies.models import new_tracking_code


class Kind(models.TextChoices):
    """The kinds of supervision item of DOMAIN §4."""

    WORK_REPORT = "work_report", _("Special work report")  # 听取和审议专项工作报告
    LAW_INSPECTION = "law_inspection", _("Law enforcement inspection")  # 执法检查
    INQUIRY = "inquiry", _("Special inquiry")  # 专题询问
    RESEARCH = "research", _("Research and inspection visit")  # 专题调研 / 视察
    APPRAISAL = "appraisal", _("Work or official appraisal")  # 工作评议 / 履职评议
    PLAN_RECTIFICATION = "plan_rectification", _("Plan rectification")  # 计划整改监督
    BUDGET_RECTIFICATION = "budget_rectification", _("Budget rectification")  # 预算整改监督
    AUDIT_RECTIFICATION = "audit_rectification", _("Audit rectification")  # 审计整改监督
    FILING_REVIEW = "filing_review", _("Filing review of normative documents")  # 规范性文件备案审查


class Stage(models.TextChoices):
    """The chain of stages: 选题 -> 组织/调研 -> 报告 -> 审议 -> 整改 -> 反馈."""

    TOPIC = "topic", _("Topic selected")  # 选题
    ORGANISING = "organising", _("Organising and research")  # 组织/调研
    REPORT = "report", _("Report")  # 报告
    DELIBERATION = "deliberation", _("Deliberation")  # 审议
    RECTIFICATION = "rectification", _("Rectification")  # 整改
    FEEDBACK = "feedback", _("Feedback")  # 反馈
    CLOSED = "closed", _("Closed")


class SupervisionPlan(models.Model):
    """年度监督计划: one year's plan, built partly from topics the public proposes during its solicitation
    period, approved by the chairs' meeting (主任会议) and then published."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    topics_open_on = models.DateField(_("topic solicitation opens"))
    topics_close_on = models.DateField(_("topic solicitation closes"))
    approved_on = models.DateField(_("approved by the chairs' meeting on"), null=True, blank=True)
    approval_record = models.CharField(_("chairs' meeting record"), max_length=200, blank=True,
                                       help_text=_("Which chairs' meeting approved the plan, e.g. its number."))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approval recorded by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")
        constraints = [models.CheckConstraint(name="plan_topics_close_after_opening",
                                              condition=Q(topics_close_on__gte=models.F("topics_open_on"))),
                       models.CheckConstraint(name="plan_published_after_approval",
                                              condition=Q(published_at__isnull=True) | Q(approved_on__isnull=False))]

    def __str__(self):
        return self.title

    def clean(self):
        if self.topics_open_on and self.topics_close_on and self.topics_close_on < self.topics_open_on:
            raise ValidationError({"topics_close_on": _("The solicitation cannot close before it opens.")})

    def topics_open(self, today=None):
        today = today or timezone.localdate()
        return self.topics_open_on <= today <= self.topics_close_on


class SupervisionItem(ChoiceLabelsMixin, models.Model):
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    committee = models.ForeignKey("organization.Committee", on_delete=models.PROTECT,
                                  related_name="supervision_items", verbose_name=_("owning committee"))
    target_units = models.ManyToManyField("organization.HandlingUnit", related_name="supervision_items",
                                          blank=True, verbose_name=_("target bodies"))
    leader = models.ForeignKey("organization.CommitteeMember", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="supervision_items",
                               verbose_name=_("leader in charge"))
    meeting = models.ForeignKey("meetings.StandingCommitteeMeeting", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="supervision_items", verbose_name=_("meeting"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.TOPIC,
                             db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Added by migration 0002 (the plan and stages):
    plan = models.ForeignKey(SupervisionPlan, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="items", verbose_name=_("supervision plan"))
    description = models.TextField(_("description"), blank=True)
    agenda_item = models.ForeignKey("meetings.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("agenda item"))
    laws = models.TextField(_("laws inspected"), blank=True, help_text=_("Law enforcement inspection: one per line."))
    report_to_committee_on = models.DateField(_("report received by the committee on"), null=True, blank=True)
    report_to_standing_on = models.DateField(_("report sent to the standing committee on"), null=True, blank=True)
    report_to_members_on = models.DateField(_("report sent to members on"), null=True, blank=True)
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("version"))

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        indexes = [models.Index(fields=["year", "kind"], name="supervision_item_year_kind"),
                   models.Index(fields=["year", "stage"], name="supervision_item_year_stage"),
                   # The items' list pages newest year first (an index scan, not a sort of every row).
                   models.Index(fields=["-year", "id"], name="supervision_item_list_order")]

    def __str__(self):
        return f"{self.year} {self.title}"

    def report_dates(self):
        """[(code, label, due date, delivered on)] of the report before the meeting: 20 / 10 / 7 days
        before it (监督法第15条, DeadlineSetting rows); empty without a meeting."""
        if self.meeting_id is None:
            return []
        from congress_portal.core import deadlines

        meeting_date = self.meeting.date
        return [(code, label, meeting_date - datetime.timedelta(days=deadlines.get_setting(code).amount), done)
                for code, label, done in (
                    ("report_to_committee", _("Report to the committee"), self.report_to_committee_on),
                    ("report_to_standing_committee", _("Report to the standing committee"),
                     self.report_to_standing_on),
                    ("report_to_members", _("Report to members"), self.report_to_members_on))]


class TopicProposal(ChoiceLabelsMixin, models.Model):
    """A supervision topic proposed by the public (or a signed-in deputy) during the plan's solicitation
    (向社会公开征集监督议题); staff take it into the plan or decline it with a reason the proposer sees."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, being considered")
        ACCEPTED = "accepted", _("Taken into the supervision plan")
        DECLINED = "declined", _("Not taken into the plan")

    plan = models.ForeignKey(SupervisionPlan, on_delete=models.PROTECT, related_name="topics",
                             verbose_name=_("supervision plan"))
    text = models.TextField(_("proposed topic"))
    proposer_name = models.CharField(_("proposer's name"), max_length=30, blank=True)
    proposer_phone = models.CharField(_("proposer's phone"), max_length=20, blank=True)
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("proposed by (signed in)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)
    item = models.ForeignKey(SupervisionItem, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="topics", verbose_name=_("supervision item"))
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    tracking_code = models.CharField(_("tracking code"), max_length=32, unique=True, default=new_tracking_code,
                                     editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("topic proposal")
        verbose_name_plural = _("topic proposals")
        constraints = [
            models.CheckConstraint(name="topic_accepted_has_item",
                                   condition=~Q(status="accepted") | Q(item__isnull=False)),
            models.CheckConstraint(name="topic_declined_has_reason",
                                   condition=~Q(status="declined") | ~Q(decline_reason="")),
        ]

    def __str__(self):
        return self.text[:40]


class ItemDocument(models.Model):
    """A document of a supervision item: the plan of work, the report, the inspection report ..."""

    class Kind(models.TextChoices):
        WORK_PLAN = "work_plan", _("Work plan")
        REPORT = "report", _("Report")
        RESEARCH = "research", _("Research report")
        OTHER = "other", _("Other")

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="documents",
                             verbose_name=_("supervision item"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REPORT)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="supervision/%Y/")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["item", "uploaded_at", "id"]
        verbose_name = _("item document")
        verbose_name_plural = _("item documents")

    def __str__(self):
        return self.title


class InspectionGroup(models.Model):
    """执法检查组: a law enforcement inspection's group, its leader and members."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="inspection_groups",
                             verbose_name=_("supervision item"))
    name = models.CharField(_("group"), max_length=100)
    leader_name = models.CharField(_("group leader"), max_length=50)
    members = models.TextField(_("members"), help_text=_("One name per line."))

    class Meta:
        ordering = ["item", "id"]
        verbose_name = _("inspection group")
        verbose_name_plural = _("inspection groups")

    def __str__(self):
        return self.name

    def member_names(self):
        return [line.strip() for line in self.members.splitlines() if line.strip()]


class Visit(models.Model):
    """A place visited: by an inspection group, or on a research or inspection visit (调研 / 视察)."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="visits",
                             verbose_name=_("supervision item"))
    date = models.DateField(_("date"))
    place = models.CharField(_("place visited"), max_length=200)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["item", "date", "id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self):
        return self.place


class Finding(models.Model):
    """A finding of an inspection or a research visit (发现的问题)."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="findings",
                             verbose_name=_("supervision item"))
    text = models.TextField(_("finding"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["item", "order", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return self.text[:40]


class Appraisal(ChoiceLabelsMixin, models.Model):
    """Who a work or official appraisal (工作评议 / 履职评议) appraises, and the result."""

    class Subject(models.TextChoices):
        BODY = "body", _("A body")
        OFFICIAL = "official", _("An appointed official")

    class Result(models.TextChoices):
        PENDING = "", _("Not yet appraised")
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        DISSATISFIED = "dissatisfied", _("Dissatisfied")

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="appraisals",
                             verbose_name=_("supervision item"))
    subject = models.CharField(_("who is appraised"), max_length=10, choices=Subject.choices)
    unit = models.ForeignKey("organization.HandlingUnit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("body"))
    official_name = models.CharField(_("official"), max_length=50, blank=True)
    official_post = models.CharField(_("post"), max_length=100, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True, default="")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["item", "id"]
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        constraints = [models.CheckConstraint(
            name="appraisal_names_its_subject",
            condition=(Q(subject="body", unit__isnull=False) | (Q(subject="official") & ~Q(official_name=""))))]

    def __str__(self):
        return self.official_name or str(self.unit or "")

    def clean(self):
        if self.subject == self.Subject.BODY and self.unit_id is None:
            raise ValidationError({"unit": _("Choose the body appraised.")})
        if self.subject == self.Subject.OFFICIAL and not self.official_name.strip():
            raise ValidationError({"official_name": _("Enter the official appraised.")})


class FilingReview(models.Model):
    """规范性文件备案审查: a normative document's filing and review, with its four clocks (监督法): filed
    within 30 days of publication; form check within 10 days of filing; review within 3 months (+3 when
    extended); the issuing body answers a review opinion within 30 days. The amounts are DeadlineSetting
    rows; the reminder sweep reads the dates below."""

    item = models.OneToOneField(SupervisionItem, on_delete=models.CASCADE, related_name="filing",
                                verbose_name=_("supervision item"))
    document_title = models.CharField(_("normative document"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    issuing_unit = models.ForeignKey("organization.HandlingUnit", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("issuing body"))
    published_on = models.DateField(_("published on"))
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    form_checked_on = models.DateField(_("form checked on"), null=True, blank=True)
    review_extended = models.BooleanField(_("review extended"), default=False)
    reviewed_on = models.DateField(_("review completed on"), null=True, blank=True)
    opinion_sent_on = models.DateField(_("review opinion sent on"), null=True, blank=True)
    answered_on = models.DateField(_("issuing body answered on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        verbose_name = _("filing review")
        verbose_name_plural = _("filing reviews")

    def __str__(self):
        return self.document_title

    def clean(self):
        order = [("published_on", self.published_on), ("filed_on", self.filed_on),
                 ("form_checked_on", self.form_checked_on), ("reviewed_on", self.reviewed_on),
                 ("opinion_sent_on", self.opinion_sent_on), ("answered_on", self.answered_on)]
        last_name, last = None, None
        for name, value in order:
            if value is None:
                continue
            if last is not None and value < last:
                raise ValidationError({name: _("This date cannot be earlier than %(field)s.") % {
                    "field": self._meta.get_field(last_name).verbose_name}})
            last_name, last = name, value

    def clocks(self):
        """[(code, label, due, done on)] of the clocks that have started."""
        from congress_portal.core import deadlines

        def due(code, start):
            setting = deadlines.get_setting(code)
            if setting.unit == "months":
                return deadlines.add_months(start, setting.amount)
            return start + datetime.timedelta(days=setting.amount)

        rows = [("filing_review", _("Filing after publication"), due("filing_review", self.published_on),
                 self.filed_on)]
        if self.filed_on:
            rows.append(("filing_form_check", _("Form check"), due("filing_form_check", self.filed_on),
                         self.form_checked_on))
            review_due = due("filing_review_period", self.filed_on)
            if self.review_extended:
                review_due = due("filing_review_extension", review_due)
            rows.append(("filing_review_period", _("Review"), review_due, self.reviewed_on))
        if self.opinion_sent_on:
            rows.append(("filing_answer", _("Issuing body's answer"), due("filing_answer", self.opinion_sent_on),
                         self.answered_on))
        return rows

"""Supervision (监督, DOMAIN §4): the supervision item every kind of work hangs on.

This is the item's core, shared by the supervision plan and stages (this app) and the deliberation
opinions, rectifications and satisfaction votes (`supervision.deliberation`). Later migrations of this
app add to it; the shape below is what other apps may rely on.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class SupervisionItem(models.Model):
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

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        indexes = [models.Index(fields=["year", "kind"], name="supervision_item_year_kind")]

    def __str__(self):
        return f"{self.year} {self.title}"

"""Deliberation opinions and what follows them (DOMAIN §4, issue #14 items 3-5).

After a supervision item is deliberated the committee issues a deliberation opinion (审议意见书) with an
issue list (问题清单), handed over to the target bodies (当面交办). Each issue gets a rectification (整改)
by its unit: measures, progress reports, evidence, a deadline from a setting, the committee's acceptance or
send-back, and possibly a satisfaction vote (满意度测评) through the meetings engine. A special inquiry
(专题询问) is recorded live: questions, answers, follow-ups (追问) and the commitments made.
"""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_portal.core.models import ChoiceLabelsMixin
from supervision.models import Kind, SupervisionItem


class Opinion(ChoiceLabelsMixin, models.Model):
    """审议意见书: issued for one supervision item, with its issue list."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued and handed over")

    item = models.ForeignKey(SupervisionItem, on_delete=models.PROTECT, related_name="deliberation_opinions",
                             verbose_name=_("supervision item"))
    number = models.CharField(_("document number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("deliberation opinions"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("issued by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Set when the opinion is the second round asked of the report's body after a 不满意 vote on the report
    # (DOMAIN §4): its rectifications start in round 2, so a second 不满意 goes to the chairs' meeting.
    after_vote = models.OneToOneField("SatisfactionVote", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="second_round_opinion",
                                      verbose_name=_("after the satisfaction vote"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("deliberation opinion")
        verbose_name_plural = _("deliberation opinions")
        indexes = [models.Index(fields=["published_at"], name="delib_opinion_published",
                                condition=Q(published_at__isnull=False))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliberation:opinion", args=[self.pk])

    @property
    def is_budget(self):
        return self.item.kind == Kind.BUDGET_RECTIFICATION


class Issue(models.Model):
    """One entry of the issue list (问题清单), addressed to one target body."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="issues",
                                verbose_name=_("deliberation opinion"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("issue"))
    unit = models.ForeignKey("organization.HandlingUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("target body"))

    class Meta:
        ordering = ["opinion", "order", "id"]
        verbose_name = _("issue")
        verbose_name_plural = _("issue list")

    def __str__(self):
        return Truncator(self.text).chars(40)


class RectState(models.TextChoices):
    RECTIFYING = "rectifying", _("Being rectified")
    REPORTED = "reported", _("Rectification reported")
    ACCEPTED = "accepted", _("Accepted by the committee")
    VOTING = "voting", _("Satisfaction vote under way")
    ESCALATED = "escalated", _("Escalated to the chairs' meeting")
    CLOSED = "closed", pgettext_lazy("rectification", "Closed")


OPEN_RECT_STATES = (RectState.RECTIFYING, RectState.REPORTED)


class Rectification(ChoiceLabelsMixin, models.Model):
    """整改 of one issue by its unit; a second round after a 不满意 vote, with its own deadline."""

    issue = models.OneToOneField(Issue, on_delete=models.CASCADE, related_name="rectification",
                                 verbose_name=_("issue"))
    # Copied from the issue: the unit's workbench and the sweep read it without a join.
    unit = models.ForeignKey("organization.HandlingUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("target body"))
    state = models.CharField(_("state"), max_length=12, choices=RectState.choices, default=RectState.RECTIFYING)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    due_date = models.DateField(_("rectification due"))
    measures = models.TextField(_("rectification measures"), blank=True)
    sent_back_reason = models.TextField(_("reason for sending back"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        indexes = [
            models.Index(fields=["state", "due_date"], name="delib_rect_state_due"),
            models.Index(fields=["unit", "state", "due_date"], name="delib_rect_unit_state_due"),
        ]

    def __str__(self):
        return Truncator(self.issue.text).chars(40) if self.issue_id else ""

    def get_absolute_url(self):
        return reverse("deliberation:rectification", args=[self.pk])

    def is_overdue(self, today):
        return self.state in OPEN_RECT_STATES and self.due_date < today


class ProgressReport(models.Model):
    """A progress report of a rectification by its unit; `final` marks the report that asks for acceptance."""

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="reports",
                                      verbose_name=_("rectification"))
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    text = models.TextField(_("progress"))
    final = models.BooleanField(_("final report"), default=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["rectification", "reported_at", "id"]
        verbose_name = _("rectification progress report")
        verbose_name_plural = _("rectification progress reports")

    def __str__(self):
        return Truncator(self.text).chars(40)


def evidence_path(instance, filename):
    """A random name: the uploaded name is kept only as data."""
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"deliberation/evidence/{uuid.uuid4().hex}{ext}"


class Evidence(models.Model):
    """An evidence attachment of a rectification (checked by content, stored under a random name)."""

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="evidence",
                                      verbose_name=_("rectification"))
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(pgettext_lazy("file", "content type"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["rectification", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.original_name


class Verdict(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class SatisfactionVote(ChoiceLabelsMixin, models.Model):
    """满意度测评 on an item's report (no rectification) or on one rectification, held as a poll of the
    meetings engine; its verdict is taken back once the poll is closed."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.PROTECT, related_name="satisfaction_votes",
                             verbose_name=_("supervision item"))
    rectification = models.ForeignKey(Rectification, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="votes", verbose_name=_("rectification"))
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    poll = models.OneToOneField("meetings.Poll", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("poll"))
    verdict = models.CharField(_("result"), max_length=12, choices=Verdict.choices, blank=True)
    taken_at = models.DateTimeField(_("result taken at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("satisfaction vote")
        verbose_name_plural = _("satisfaction votes")

    def __str__(self):
        return str(self.poll_id and self.poll.title or "")


class Inquiry(models.Model):
    """专题询问: held at a standing committee meeting on a supervision item, recorded live by staff."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.PROTECT, related_name="inquiries",
                             verbose_name=_("supervision item"))
    meeting = models.ForeignKey("meetings.StandingCommitteeMeeting", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("meeting"))
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("special inquiry")
        verbose_name_plural = _("special inquiries")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliberation:inquiry", args=[self.pk])


class Question(models.Model):
    """A question of a special inquiry, its answer; a follow-up question (追问) has its parent."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="questions",
                                verbose_name=_("special inquiry"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups",
                               verbose_name=_("follow-up of"))
    asker = models.ForeignKey("organization.CommitteeMember", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("asked by"))
    unit = models.ForeignKey("organization.HandlingUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("asked to (unit)"))
    official = models.CharField(_("answering official"), max_length=60)
    text = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        ordering = ["inquiry", "asked_at", "id"]
        verbose_name = _("inquiry question")
        verbose_name_plural = _("inquiry questions")

    def __str__(self):
        return Truncator(self.text).chars(40)


class InquiryCommitment(ChoiceLabelsMixin, models.Model):
    """A commitment made in a special inquiry (承诺事项), tracked to fulfilment like a reply's."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="commitments",
                                verbose_name=_("special inquiry"))
    question = models.ForeignKey(Question, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="commitments", verbose_name=_("made in answer to"))
    unit = models.ForeignKey("organization.HandlingUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    content = models.TextField(_("what"))
    due_date = models.DateField(_("by when"))
    responsible = models.CharField(_("who"), max_length=60)
    evidence = models.TextField(_("fulfilment evidence"), blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("reported by"))

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("inquiry commitment")
        verbose_name_plural = _("inquiry commitments")
        indexes = [models.Index(fields=["due_date"], name="delib_commit_open_due",
                                condition=Q(fulfilled_at__isnull=True))]

    def __str__(self):
        return Truncator(self.content).chars(40)

    def state_label(self, today):
        if self.fulfilled_at:
            return _("Fulfilled")
        if self.due_date < today:
            return _("Overdue")
        return _("Not yet due")

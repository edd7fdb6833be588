"""Meetings, attendance and secret votes (DOMAIN §4, §5.2, §6.5): one engine for every poll.

Who voted (Participation) is kept apart from what was chosen (Ballot). A ballot carries no voter, no
time, and a random key; its table has no ordering, and closing a poll rewrites its ballots in random
order (services.poll_close), so neither the insertion order nor the inserting transaction of a ballot
row links it to a participation row once the poll is closed.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_portal.core.models import ChoiceLabelsMixin, RecordNameMixin
from congress_portal.organization.models import Session, Term

ONE_FORUM = Q(meeting__isnull=False, session__isnull=True) | Q(meeting__isnull=True, session__isnull=False)


class VoteSetting(models.Model):
    """One parameter of the voting rules (quorum, thresholds, ties), editable by staff, with its source."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    value = models.CharField(_("value"), max_length=40)
    source = models.CharField(_("legal source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("voting rule setting")
        verbose_name_plural = _("voting rule settings")

    def __str__(self):
        from .settings import DEFAULTS_BY_CODE, TIE_CHOICES

        default = DEFAULTS_BY_CODE.get(self.code)
        return f"{default.name if default else self.code}: {dict(TIE_CHOICES).get(self.value, self.value)}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from .settings import TIE_RUNOFF, TIE_STAFF_ORDER

        value = self.value.strip()
        if self.code == "approval_tie":
            if value not in (TIE_RUNOFF, TIE_STAFF_ORDER):
                raise ValidationError({"value": _("Choose how ties at the cut are decided.")})
            return
        from fractions import Fraction

        try:
            share = Fraction(value.replace(" ", ""))
        except (ValueError, ZeroDivisionError):
            share = None
        if share is None or not 0 < share < 1:
            raise ValidationError({"value": _("Enter a share between 0 and 1, such as 1/2 or 2/3.")})


class StandingCommitteeMeeting(models.Model):
    """常委会第N次会议: a meeting of the standing committee of a term."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="committee_meetings",
                             verbose_name=_("term"))
    number = models.PositiveSmallIntegerField(_("meeting number"))
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100)

    class Meta:
        ordering = ["-term__number", "-number"]
        verbose_name = _("standing committee meeting")
        verbose_name_plural = _("standing committee meetings")
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="unique_committee_meeting")]

    def __str__(self):
        from django.utils.translation import gettext

        return gettext("%(term)s standing committee, meeting %(number)s") % {
            "term": self.term.name, "number": self.number}


class AgendaItem(models.Model):
    """One item of a meeting's (or a plenary session's) agenda, linked to what it is about.

    The link is generic so that supervision, livelihood projects and appointments attach their work
    without the platform importing them."""

    meeting = models.ForeignKey(StandingCommitteeMeeting, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="agenda_items", verbose_name=_("standing committee meeting"))
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="agenda_items", verbose_name=_("plenary session"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("agenda item"), max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True,
                                     verbose_name=_("about (type)"))
    object_id = models.CharField(_("about (id)"), max_length=64, blank=True)

    @property
    def about(self):
        """What the item is about (a supervision item, a motion ...), through the generic link."""
        if self.content_type_id is None or not self.object_id:
            return None
        return self.content_type.get_object_for_this_type(pk=self.object_id)

    class Meta:
        ordering = ["meeting", "session", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [models.CheckConstraint(name="agenda_item_one_forum", condition=ONE_FORUM)]

    def __str__(self):
        return f"{self.order}. {self.title}"


DOCUMENT_TYPES = ["pdf", "ofd", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "jpg", "jpeg", "png"]
DOCUMENT_MAX_BYTES = 30 * 1024 * 1024


def validate_document_size(file):
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    if file.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(gettext("A meeting document may be at most 30 MB."))


class AgendaDocument(models.Model):
    """A document of an agenda item (a report, a motion, a candidate list) members read on the page."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents",
                             verbose_name=_("agenda item"))
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="meetings/%Y/", validators=[
        FileExtensionValidator(DOCUMENT_TYPES), validate_document_size])

    class Meta:
        ordering = ["item", "id"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self):
        return self.title


class Attendance(ChoiceLabelsMixin, models.Model):
    """A member's (or a deputy's) presence at a meeting: present, absent, or on leave with a reason."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        LEAVE = "leave", _("On leave")

    class Method(models.TextChoices):
        STAFF = "staff", _("Recorded by staff")
        PHONE = "phone", _("Signed in on a phone")

    meeting = models.ForeignKey(StandingCommitteeMeeting, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="attendances", verbose_name=_("standing committee meeting"))
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="attendances", verbose_name=_("plenary session"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendances",
                             verbose_name=_("person"))
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason for leave"), max_length=200, blank=True)
    method = models.CharField(_("recorded how"), max_length=10, choices=Method.choices)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["meeting", "session", "user__committee_member__sort_order", "user_id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.CheckConstraint(name="attendance_one_forum", condition=ONE_FORUM),
            models.UniqueConstraint(fields=["meeting", "user"], condition=Q(meeting__isnull=False),
                                    name="one_attendance_per_meeting"),
            models.UniqueConstraint(fields=["session", "user"], condition=Q(session__isnull=False),
                                    name="one_attendance_per_session"),
            models.CheckConstraint(name="leave_has_reason", condition=~Q(status="leave") | ~Q(reason="")),
        ]

    def __str__(self):
        return f"{self.user} {self.get_status_display()}"


class Poll(ChoiceLabelsMixin, models.Model):
    """A secret vote at a meeting or a plenary session, on one agenda item."""

    class Kind(models.TextChoices):
        SATISFACTION = "satisfaction", _("Satisfaction vote (满意/基本满意/不满意/弃权)")
        YES_NO = "yes_no", _("For / against / abstain (per nominee)")
        APPROVAL = "approval", _("Approve up to N of M candidates")

    class Rule(models.TextChoices):
        MAJORITY_ALL = "majority_all", _("More than half of all members")
        ZHENHAI = "zhenhai", _("Satisfaction: half of all members (Zhenhai rule)")
        APPROVAL_TOP_N = "approval_top_n", _("The N candidates with most approvals")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", pgettext_lazy("poll state", "Open")
        CLOSED = "closed", pgettext_lazy("poll state", "Closed")
        PUBLISHED = "published", pgettext_lazy("poll state", "Published")
        ANNULLED = "annulled", _("Annulled")

    RULE_OF_KIND = {Kind.SATISFACTION: Rule.ZHENHAI, Kind.YES_NO: Rule.MAJORITY_ALL,
                    Kind.APPROVAL: Rule.APPROVAL_TOP_N}

    meeting = models.ForeignKey(StandingCommitteeMeeting, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="polls", verbose_name=_("standing committee meeting"))
    session = models.ForeignKey(Session, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="polls", verbose_name=_("plenary session"))
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="polls", verbose_name=_("agenda item"))
    title = models.CharField(_("vote on"), max_length=200)
    kind = models.CharField(_("kind of ballot"), max_length=16, choices=Kind.choices)
    rule = models.CharField(_("result rule"), max_length=16, choices=Rule.choices)
    places = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True,
        help_text=_("For approval votes: how many candidates are chosen, and the most a ballot may approve."))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    runoff_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="runoffs",
                                  verbose_name=_("run-off of"))
    # Snapshots taken when the poll opens: the count every "of all members" rule divides by.
    base = models.PositiveIntegerField(_("all members (base)"), null=True, blank=True)
    present = models.PositiveIntegerField(_("present at opening"), null=True, blank=True)
    annul_reason = models.CharField(_("reason for annulment"), max_length=300, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        constraints = [
            models.CheckConstraint(name="poll_one_forum", condition=ONE_FORUM),
            models.CheckConstraint(name="approval_has_places", condition=~Q(kind="approval") | Q(places__gte=1)),
        ]

    def __str__(self):
        return self.title

    @property
    def forum(self):
        return self.meeting if self.meeting_id else self.session

    @property
    def voted_by_deputies(self):
        """Who votes: the deputies of a plenary session (e.g. 票决 of livelihood projects), else the standing
        committee's members in office (services.forum_voters)."""
        return self.session_id is not None

    def subjects(self):
        """The options grouped by what they are about: [(subject, [options])], in order."""
        groups = {}
        for option in self.options.all():
            groups.setdefault(option.subject, []).append(option)
        return list(groups.items())


class PollOption(models.Model):
    """One choice on the ballot. Per-nominee votes repeat 赞成/反对/弃权 under each nominee (`subject`);
    an approval vote has one option per candidate."""

    class Code(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Not satisfied")
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstain")
        CANDIDATE = "candidate", _("Candidate")

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options", verbose_name=_("poll"))
    subject = models.CharField(_("nominee or candidate"), max_length=120, blank=True)
    code = models.CharField(_("meaning"), max_length=12, choices=Code.choices)
    label = models.CharField(_("label on the ballot"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["poll", "order", "id"]
        verbose_name = _("ballot option")
        verbose_name_plural = _("ballot options")

    def __str__(self):
        return f"{self.subject} {self.label}".strip()


class RollEntry(models.Model):
    """The voter roll, snapshotted when the poll opens: who may vote, whatever changes afterwards."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="roll", verbose_name=_("poll"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("voter"))

    class Meta:
        ordering = ["poll", "id"]
        verbose_name = _("voter roll entry")
        verbose_name_plural = _("voter roll")
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="one_roll_entry_per_voter")]

    def __str__(self):
        return str(self.user)


class Participation(ChoiceLabelsMixin, models.Model):
    """Who voted, and how; never what. The database refuses a second participation of one voter."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        PAPER = "paper", _("Paper ballot")

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="participations",
                             verbose_name=_("poll"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("voter"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="one_vote_per_voter")]

    def __str__(self):
        return f"{self.user} {self.get_channel_display()}"


class Ballot(models.Model):
    """What one phone voter chose: a random key, the poll, the chosen option ids. Nothing else, on purpose:
    no voter, no time, no sequence (secret ballot)."""

    id = models.UUIDField(_("random key"), primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("poll"))
    choices = models.JSONField(_("chosen options"), default=list)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return str(self._meta.verbose_name)


class PaperTally(RecordNameMixin, models.Model):
    """The counted totals of a poll's paper ballots, entered by staff; they must reconcile with the paper
    voters signed in (issued = valid + invalid + not returned)."""

    poll = models.OneToOneField(Poll, on_delete=models.CASCADE, related_name="paper_tally",
                                verbose_name=_("poll"))
    issued = models.PositiveIntegerField(_("ballots issued"))
    valid = models.PositiveIntegerField(_("valid ballots"))
    invalid = models.PositiveIntegerField(_("invalid ballots"))
    not_returned = models.PositiveIntegerField(_("ballots not returned"))
    counts = models.JSONField(_("votes per option"), default=dict)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("paper ballot totals")
        verbose_name_plural = _("paper ballot totals")
        constraints = [models.CheckConstraint(
            name="paper_tally_reconciles",
            condition=Q(issued=models.F("valid") + models.F("invalid") + models.F("not_returned")))]


class PollResult(RecordNameMixin, models.Model):
    """The count at closing and the outcome under the poll's rule; written once by poll_close."""

    poll = models.OneToOneField(Poll, on_delete=models.CASCADE, related_name="result", verbose_name=_("poll"))
    counts = models.JSONField(_("votes per option"), default=dict)
    phone_ballots = models.PositiveIntegerField(_("phone ballots"))
    paper_valid = models.PositiveIntegerField(_("valid paper ballots"), default=0)
    base = models.PositiveIntegerField(_("all members (base)"))
    outcome = models.JSONField(pgettext_lazy("poll result", "outcome"), default=dict)

    class Meta:
        verbose_name = _("poll result")
        verbose_name_plural = _("poll results")

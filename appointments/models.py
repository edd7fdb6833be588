"""Appointments and removals (人事任免, DOMAIN §6): a motion from a nominating body, its nominees, the
qualification review and the law exam of each nominee, and the vote through the meetings engine."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_portal.meetings.models import AgendaItem, Poll, StandingCommitteeMeeting
from congress_portal.organization.models import HandlingUnit


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


class VoteMode(models.TextChoices):
    SEPARATE = "separate", _("One vote per nominee")
    TOGETHER = "together", _("One vote for the nominees together")


class Motion(models.Model):
    """提请任免议案: a nominating body's motion for a standing committee meeting."""

    title = models.CharField(_("title"), max_length=200)
    nominating_body = models.CharField(_("nominating body"), max_length=20, choices=NominatingBody.choices)
    meeting = models.ForeignKey(StandingCommitteeMeeting, on_delete=models.PROTECT,
                                related_name="appointment_motions", verbose_name=_("standing committee meeting"))
    submitted_on = models.DateField(_("submitted on"))
    # DOMAIN §6.5: some posts are voted one by one, the rest together; the motion says which.
    vote_mode = models.CharField(_("how the nominees are voted on"), max_length=10, choices=VoteMode.choices,
                                 default=VoteMode.SEPARATE)
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
    # The organ's office that hears of the nominee's dates (exam, meeting, oath) through the reminder sweep.
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("organ's office (reminded)"))
    exam_scheduled_on = models.DateField(_("law exam scheduled on"), null=True, blank=True)
    # One poll per nominee, or one poll shared by the nominees voted on together (one subject each).
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="appointment_nominees", verbose_name=_("poll"))
    poll_subject = models.CharField(_("subject on the ballot"), max_length=120, blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["motion", "id"]
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        indexes = [
            # The announcement, the list and the dashboard: decisions newest first (or in a date range).
            models.Index(models.F("state"), models.F("decided_on").desc(), models.F("motion"), models.F("id"),
                         name="nominee_state_decided"),
            models.Index(fields=["person_name"], name="nominee_person_name"),
        ]

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


class AppointmentSettings(models.Model):
    """The appointment rules staff edit (one row): the exam's pass mark, the qualification checklist and the
    failed nominations after which the same person cannot be nominated to the same post again. The motion's
    days before the meeting is the core deadline setting `appointment_motion`."""

    exam_pass_mark = models.DecimalField(_("law exam pass mark"), max_digits=5, decimal_places=1, default=60)
    review_checklist = models.TextField(
        _("qualification checklist"), help_text=_("One checklist item per line."),
        default="符合法定任职条件\n任职资历和学历符合要求\n组织考察材料齐全\n无不得担任该职务的情形")
    max_failed_nominations = models.PositiveSmallIntegerField(
        _("failed nominations before a new nomination is refused"), default=2)

    class Meta:
        verbose_name = _("appointment settings")
        verbose_name_plural = _("appointment settings")
        constraints = [models.CheckConstraint(name="appointment_settings_one_row", condition=models.Q(pk=1)),
                       models.CheckConstraint(name="appointment_pass_mark_range",
                                              condition=models.Q(exam_pass_mark__gte=0, exam_pass_mark__lte=100))]

    def __str__(self):
        return str(self._meta.verbose_name)

    def checklist_items(self):
        return [line.strip() for line in self.review_checklist.splitlines() if line.strip()]


class Statement(models.Model):
    """拟任职发言 and the meeting with the members (DOMAIN §6.4), recorded on the meeting's agenda."""

    nominee = models.OneToOneField(Nominee, on_delete=models.CASCADE, related_name="statement",
                                   verbose_name=_("nominee"))
    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("agenda item"))
    made_on = models.DateField(_("statement made on"))
    met_members_on = models.DateField(_("met the members on"), null=True, blank=True)
    summary = models.TextField(_("summary of the statement"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("statement on taking office")
        verbose_name_plural = _("statements on taking office")

    def __str__(self):
        return str(self.nominee)


class CertificateCounter(models.Model):
    """The last certificate number of a year: locked FOR UPDATE by each issue, so numbers never repeat
    or skip, whatever the number of staff issuing at once (a sequence would skip on a rollback)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")

    def __str__(self):
        return f"{self.year}: {self.last}"


class Certificate(models.Model):
    """任命书: issued once to an appointed nominee, numbered within the year, signed by the chair."""

    nominee = models.OneToOneField(Nominee, on_delete=models.PROTECT, related_name="certificate",
                                   verbose_name=_("nominee"))
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial number"))
    issued_on = models.DateField(_("issued on"))
    chair_name = models.CharField(_("chair"), max_length=50)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("issued by"))

    class Meta:
        ordering = ["-year", "-serial"]
        verbose_name = _("certificate of appointment")
        verbose_name_plural = _("certificates of appointment")
        constraints = [models.UniqueConstraint(fields=["year", "serial"], name="certificate_number_unique")]

    def __str__(self):
        return self.number

    @property
    def number(self):
        """文号: 武人常任〔2026〕3号 (the district's short name, the year, the serial)."""
        from django.utils.translation import gettext

        from congress_portal.organization.names import district_short

        return gettext("%(district)sSC Appointment [%(year)s] No. %(serial)s") % {
            "district": district_short(), "year": self.year, "serial": self.serial}


OATH_TEXT = ("我宣誓：忠于中华人民共和国宪法，维护宪法权威，履行法定职责，忠于祖国、忠于人民，恪尽职守、廉洁奉公，"
             "接受人民监督，为建设富强民主文明和谐美丽的社会主义现代化强国努力奋斗！")
"""宪法宣誓誓词 as fixed by the NPC Standing Committee's decision of 24 February 2018 (the 2018 text)."""


class OathForm(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual oath")
    COLLECTIVE = "collective", _("Collective oath")


class Oath(models.Model):
    """宪法宣誓 (DOMAIN §6.7): scheduled for a date and place, then recorded as taken; individual (one
    person) or collective (several, one of them leading). The text is the fixed 2018 text, stored as read."""

    form = models.CharField(_("form of the oath"), max_length=12, choices=OathForm.choices)
    meeting = models.ForeignKey(StandingCommitteeMeeting, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("standing committee meeting"))
    date = models.DateField(_("oath date"))
    place = models.CharField(_("place"), max_length=100)
    administered_by = models.CharField(_("administered by"), max_length=50,
                                       help_text=_("Who administers the oath (监誓人), usually the chair."))
    witnesses = models.TextField(_("witnesses"), blank=True, help_text=_("Names, separated by 、 or new lines."))
    text = models.TextField(_("oath text"), default=OATH_TEXT, editable=False)
    takers = models.ManyToManyField(Nominee, through="OathTaker", related_name="oaths", verbose_name=_("sworn"))
    taken = models.BooleanField(_("taken"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("constitutional oath")
        verbose_name_plural = _("constitutional oaths")

    def __str__(self):
        return f"{self.get_form_display()} {self.date:%Y-%m-%d}"


class OathTaker(models.Model):
    """One person sworn at an oath; a person takes the oath for an appointment once."""

    oath = models.ForeignKey(Oath, on_delete=models.CASCADE, related_name="taker_rows", verbose_name=_("oath"))
    nominee = models.OneToOneField(Nominee, on_delete=models.PROTECT, related_name="oath_taker",
                                   verbose_name=_("nominee"))
    leads = models.BooleanField(_("leads the oath"), default=False)

    class Meta:
        ordering = ["oath", "-leads", "id"]
        verbose_name = _("person sworn")
        verbose_name_plural = _("persons sworn")

    def __str__(self):
        return str(self.nominee)


class AppraisalResult(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASIC = "basic", _("Basically competent")
    INCOMPETENT = "incompetent", _("Incompetent")


class Appraisal(models.Model):
    """履职评议 of an appointed official (DOMAIN §6.8): scheduled, then recorded with the official's report
    (述职报告), the members' result and any follow-up; it can hang on a supervision item of kind appraisal."""

    nominee = models.ForeignKey(Nominee, on_delete=models.PROTECT, related_name="appraisals",
                                verbose_name=_("appointed official"))
    supervision_item = models.ForeignKey("supervision.SupervisionItem", on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="appointment_appraisals",
                                         limit_choices_to={"kind": "appraisal"},
                                         verbose_name=_("supervision item (appraisal)"))
    year = models.PositiveSmallIntegerField(_("year"))
    scheduled_on = models.DateField(_("scheduled on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    report = models.TextField(_("the official's report"), blank=True)
    result = models.CharField(_("result"), max_length=12, choices=AppraisalResult.choices, blank=True)
    opinion = models.TextField(_("opinion and follow-up"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        ordering = ["-scheduled_on", "-id"]
        verbose_name = _("performance appraisal")
        verbose_name_plural = _("performance appraisals")
        constraints = [
            models.UniqueConstraint(fields=["nominee", "year"], name="one_appraisal_per_official_per_year"),
            models.CheckConstraint(name="appraisal_held_has_result",
                                   condition=models.Q(held_on__isnull=True) | ~models.Q(result="")),
        ]

    def __str__(self):
        return f"{self.nominee} {self.year}"

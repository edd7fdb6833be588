"""Deputy suggestions and motions: 提、交、办、督、评 (DOMAIN §2).

Only proposals.services assigns `status`; the moves are the table in proposals.workflow.
"""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_portal.core.models import ChoiceLabelsMixin, RecordNameMixin

from .search import BigramVectorField


class Category(models.TextChoices):
    URBAN = "urban", _("Urban construction and environment")
    FINANCE = "finance", _("Finance and economy")
    SOCIAL = "social", _("Social development")
    CULTURE = "culture", _("Science, education, culture and health")
    RURAL = "rural", _("Agriculture and rural affairs")
    LAW = "law", _("Rule of law")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting pre-review")
    RETURNED = "returned", _("Returned for revision")
    REGISTERED = "registered", _("Registered")
    REFERENCE = "reference", _("Converted to a reference item")
    MERGED = "merged", _("Merged")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ASSIGNED = "assigned", _("Assigned")
    HANDLING = "handling", _("Being handled")
    REPLIED = "replied", _("Replied, awaiting rating")
    REHANDLING = "rehandling", _("Being re-handled")
    EVALUATED = "evaluated", _("Rated")
    CLOSED = "closed", _("Closed")


# States in which a unit is working on it and the reply clock runs.
OPEN_HANDLING_STATES = (Status.ASSIGNED, Status.HANDLING, Status.REHANDLING)
# What a unit's workbench lists in full: the open states and the reply awaiting its rating.
UNIT_OPEN_STATES = (*OPEN_HANDLING_STATES, Status.REPLIED)
# Those that can still take another suggestion merged into them (registered, not yet replied).
MERGEABLE_STATES = (Status.REGISTERED, *OPEN_HANDLING_STATES)


class ResultClass(models.TextChoices):
    A = "A", _("A: solved or basically solved")
    B = "B", _("B: being solved or planned")
    C = "C", _("C: to be solved when conditions allow")
    D = "D", _("D: kept for reference")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


def attachment_path(instance, filename):
    """A random name under a dated folder: the uploaded name is kept only as data."""
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"proposals/attachments/{uuid.uuid4().hex}{ext}"


class SuggestionQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create skips save(), which keeps the search bigrams in step with title and number.
        objs = list(objs)
        for obj in objs:
            obj.refresh_search_bigrams()
        return super().bulk_create(objs, *args, **kwargs)

    def submitted(self):
        """The suggestions their deputies have submitted. Until then a draft (and a draft withdrawn
        unsubmitted) is the deputy's own and its co-signers': no staff or leader page, list, count or
        ledger reads it (issue 12.4)."""
        return self.filter(submitted_at__isnull=False)

    def unsubmitted(self):
        return self.filter(submitted_at__isnull=True)


class Suggestion(ChoiceLabelsMixin, models.Model):
    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("Suggestion")
        MOTION = "motion", _("Motion")

    class Period(models.TextChoices):
        SESSION = "session", _("During the session")
        RECESS = "recess", _("During recess")

    class HandlingMode(models.TextChoices):
        LEAD_CO = "lead_co", _("Lead unit with co-handling units")
        SEPARATE = "separate", _("Handled separately by several units")

    # With a context: the project catalogue's plain "kind" and "number" (a unit's kind, a term's number)
    # would otherwise name these fields too.
    kind = models.CharField(pgettext_lazy("suggestion", "kind"), max_length=12, choices=Kind.choices,
                            default=Kind.SUGGESTION)
    converted_from_motion = models.BooleanField(_("converted from a motion"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    # Optimistic check for forms: every move increments it, a stale form is told what happened.
    version = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("version"))

    term = models.ForeignKey("organization.Term", on_delete=models.PROTECT, related_name="suggestions",
                             verbose_name=_("term"))
    session = models.ForeignKey("organization.Session", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="suggestions", verbose_name=_("session"))
    period = models.CharField(_("made"), max_length=8, choices=Period.choices, default=Period.RECESS)
    # Registration number, e.g. 16-4-023 (session) or 16-B-2024-012 (recess): unique, no gaps.
    number = models.CharField(pgettext_lazy("suggestion", "number"), max_length=30, unique=True, null=True, blank=True)

    title = models.CharField(pgettext_lazy("suggestion", "title"), max_length=200)
    background = models.TextField(_("problem and grounds"))
    proposal = models.TextField(_("proposals"))
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, default=Category.OTHER)

    lead_deputy = models.ForeignKey("deputies.Deputy", on_delete=models.PROTECT, related_name="led_suggestions",
                                    verbose_name=_("lead deputy"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    handling_mode = models.CharField(_("handling mode"), max_length=10, choices=HandlingMode.choices,
                                     default=HandlingMode.LEAD_CO)
    # The deadlines in force (they move with an extension or a re-handling); reminders read these.
    reply_due = models.DateField(_("reply due"), null=True, blank=True, db_index=True)
    evaluation_due = models.DateField(_("rating due"), null=True, blank=True, db_index=True)
    round = models.PositiveSmallIntegerField(_("handling round"), default=1)
    extended = models.BooleanField(_("deadline extended"), default=False)

    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged_items", verbose_name=_("merged into"))
    return_reason = models.TextField(_("reasons for return or non-registration"), blank=True)

    is_key = models.BooleanField(_("key supervision"), default=False, db_index=True)
    final_rating = models.CharField(_("final rating"), max_length=12, choices=Rating.choices, blank=True)
    final_result_class = models.CharField(_("result class"), max_length=1, choices=ResultClass.choices, blank=True)
    reply_public = models.BooleanField(_("reply may be published"), default=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The title's and number's character bigrams, for the search index (proposals/search.py).
    search_bigrams = BigramVectorField(editable=False, blank=True, default="", verbose_name=_("search bigrams"))

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        indexes = [
            models.Index(fields=["term", "status"], name="sugg_term_status_idx"),
            models.Index(fields=["status", "reply_due"], name="sugg_status_reply_due_idx"),
            # The open suggestions (a few thousand rows, not the whole table) in id order, with their
            # state and deadline: the units' workbench and cards read it alone (PostgreSQL) and merge
            # it with the unit's assignments (also in suggestion order), newest first, stopping at the
            # oldest open one rather than hashing all the unit's thousands of assignments.
            models.Index(fields=["id"], name="sugg_open_idx", include=["status", "reply_due"],
                         condition=Q(status__in=[s.value for s in UNIT_OPEN_STATES])),
            models.Index(fields=["-assigned_at", "-id"], name="sugg_assigned_idx"),
            models.Index(fields=["lead_deputy", "status"], name="sugg_deputy_status_idx"),
            # Pre-review's similar suggestions: the term's most recent of one category, walked in order.
            models.Index(fields=["term", "category", "-submitted_at", "-id"], name="sugg_term_category_idx"),
            # ... and those of them that can still take a merge, further back (a few hundred of a term's
            # thousands: walking the term's mergeable ones for the category read 2,300 rows).
            models.Index(fields=["term", "category", "-submitted_at", "-id"], name="sugg_mergeable_idx",
                         condition=Q(status__in=[s.value for s in MERGEABLE_STATES])),
            # Yearly figures (performance files, dashboards) select by submission date; the included
            # columns let the deputies' yearly counts read the index alone (PostgreSQL), not 6,000 rows.
            models.Index(fields=["submitted_at"], name="sugg_submitted_counts_idx",
                         include=["id", "lead_deputy", "replied_at", "final_result_class"]),
            # Year filters (dashboard, ledgers) and the public list of published replies, newest first.
            models.Index(fields=["registered_at"], name="sugg_registered_idx"),
            models.Index(fields=["-published_at"], name="sugg_published_idx",
                         condition=Q(published_at__isnull=False, reply_public=True)),
            # The public list by year: the published replies of a year, counted from the index alone.
            models.Index(fields=["registered_at"], name="sugg_published_year_idx", include=["id"],
                         condition=Q(published_at__isnull=False, reply_public=True)),
            # The suggestions changed since a month's kept figures were counted (proposals/year_figures.py):
            # the few rows of the last minutes, not the table.
            models.Index(fields=["updated_at"], name="sugg_updated_idx", include=["created_at", "registered_at"]),
            # The unregistered ones by when they were made: a month's figures count them there, and without it
            # every month's count read all the unregistered suggestions of every year to pick its own.
            models.Index(fields=["created_at"], name="sugg_unregistered_made_idx", condition=Q(registered_at__isnull=True)),
        ]
        constraints = [
            models.CheckConstraint(
                name="registered_has_number",
                condition=Q(status__in=["draft", "submitted", "returned", "reference", "withdrawn"])
                | Q(number__isnull=False) | Q(status="merged"),
            ),
            models.CheckConstraint(name="merged_has_target",
                                   condition=~Q(status="merged") | Q(merged_into__isnull=False)),
        ]

    def __str__(self):
        number = self.number or _("(unregistered)")  # outside the f-string, where makemessages finds it
        return f"{number} {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("proposals:detail", args=[self.pk])

    def refresh_search_bigrams(self):
        from .search import bigram_vector

        self.search_bigrams = bigram_vector(self.title, self.number)

    def save(self, *args, **kwargs):
        # The search bigrams follow the title and number, whichever way they are saved.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"title", "number"} & set(update_fields):
            self.refresh_search_bigrams()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_bigrams"}
        super().save(*args, **kwargs)


class NumberCounter(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    """The last number used per (term, series); locked while a number is taken, so none repeat or skip."""

    term = models.ForeignKey("organization.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("term"))
    series = models.CharField(max_length=20, verbose_name=_("series"))  # "4" for session 4, "B-2024" for recess 2024
    last = models.PositiveIntegerField(default=0, verbose_name=_("last"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "series"], name="unique_number_series")]
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")


class LetterCounter(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    """The last document number (文号) used per series and year: "notice" for the committee office's
    assignment notices, "reply-<unit id>" for each unit's reply letters. Locked while a number is
    taken, so none repeat or skip (proposals/numbering.py)."""

    series = models.CharField(max_length=30, verbose_name=_("series"))
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(default=0, verbose_name=_("last"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="unique_letter_series")]
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")


class CoSigner(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    """A co-signing deputy (联名); counts only once confirmed."""

    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="cosigners",
                                   verbose_name=_("suggestion"))
    deputy = models.ForeignKey("deputies.Deputy", on_delete=models.PROTECT, related_name="cosigned",
                               verbose_name=_("deputy"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.INVITED)
    invited_at = models.DateTimeField(auto_now_add=True, verbose_name=_("invited at"))
    responded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("responded at"))

    class Meta:
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")
        constraints = [models.UniqueConstraint(fields=["suggestion", "deputy"], name="unique_cosigner")]


class Attachment(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="attachments",
                                   verbose_name=_("suggestion"))
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100, verbose_name=pgettext_lazy("file", "content type"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class PreReview(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    """阅看: the three tests staff apply before registering, returning or converting."""

    class Decision(models.TextChoices):
        REGISTER = "register", _("Register")
        RETURN = "return", _("Return for revision")
        REFERENCE = "reference", _("Convert to a reference item")
        MERGE = "merge", _("Merge")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="prereviews",
                                   verbose_name=_("suggestion"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("reviewer"))
    lawful = models.BooleanField(_("lawful and within powers"))
    single_matter = models.BooleanField(_("one matter"))
    feasible = models.BooleanField(_("feasible"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("pre-review")
        verbose_name_plural = _("pre-reviews")


class Assignment(ChoiceLabelsMixin, models.Model):
    """交办: one unit's part in handling one suggestion."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        CO = "co", _("Co-handling unit")
        SEPARATE = "separate", _("Separate handling")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="assignments",
                                   verbose_name=_("suggestion"))
    unit = models.ForeignKey("organization.HandlingUnit", on_delete=models.PROTECT, related_name="assignments",
                             verbose_name=_("unit"))
    role = models.CharField(pgettext_lazy("assignment", "role"), max_length=10, choices=Role.choices)
    assigned_at = models.DateTimeField(_("assigned"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assigned by"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # Re-assignment window (5 working days) and co-unit opinion deadline (1 month), as set at assignment.
    reassign_until = models.DateField(_("re-assignment request until"))
    co_opinion_due = models.DateField(_("co-unit opinion due"), null=True, blank=True)
    active = models.BooleanField(pgettext_lazy("assignment", "active"), default=True)
    ended_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ended at"))
    # 文号 of the assignment notice (交办通知) that sent it; the units assigned together share it.
    notice_number = models.CharField(_("notice number"), max_length=40, blank=True)

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "unit"], condition=Q(active=True),
                                    name="one_active_assignment_per_unit"),
            models.UniqueConstraint(fields=["suggestion"], condition=Q(active=True, role="lead"),
                                    name="one_active_lead_unit"),
        ]
        indexes = [models.Index(fields=["unit", "active"], name="assignment_unit_active_idx"),
                   # Counting a unit's suggestions from the index alone (its workbench).
                   models.Index(fields=["unit", "suggestion"], name="assignment_unit_sugg_idx"),
                   # The unit's history on its workbench, newest assignment first.
                   models.Index(fields=["unit", "-assigned_at", "-id"], name="assignment_unit_recent_idx"),
                   # The units that answer (lead or separate handling): the public list by unit, the
                   # dashboard's league table; read from the index alone.
                   models.Index(fields=["unit", "suggestion"], name="assignment_unit_answering_idx",
                                condition=Q(active=True, role__in=["lead", "separate"])),
                   # A unit's active assignments in suggestion order with what its cards count (role,
                   # acceptance, the co-opinion's key): merged with the open suggestions, index to index.
                   models.Index(fields=["unit", "suggestion"], name="assignment_unit_cover_idx",
                                include=["id", "role", "accepted_at"], condition=Q(active=True))]

    def __str__(self):
        return f"{self.unit} ({self.get_role_display()})"


class CoUnitOpinion(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="co_opinion",
                                      verbose_name=_("assignment"))
    text = models.TextField(_("opinion"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(auto_now_add=True, verbose_name=_("submitted at"))

    class Meta:
        verbose_name = _("co-unit opinion")
        verbose_name_plural = _("co-unit opinions")


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class StaffDecidedRequest(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    """A unit's request that committee staff approve or reject (re-assignment, extension)."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(auto_now_add=True, verbose_name=_("requested at"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        abstract = True


class ReassignRequest(StaffDecidedRequest):
    """A unit's request to be relieved of a suggestion (退回/调整); staff decide."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reassign_requests",
                                   verbose_name=_("assignment"))
    reasons = models.TextField(_("reasons"))
    suggested_unit = models.ForeignKey("organization.HandlingUnit", on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="+", verbose_name=_("suggested unit"))

    class Meta(StaffDecidedRequest.Meta):
        verbose_name = _("re-assignment request")
        verbose_name_plural = _("re-assignment requests")
        constraints = [models.UniqueConstraint(fields=["assignment"], condition=Q(decision="pending"),
                                               name="one_pending_reassign_request")]


class ExtensionRequest(StaffDecidedRequest):
    """延期: up to 6 months in all, approved by staff."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="extension_requests",
                                   verbose_name=_("suggestion"))
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+", verbose_name=_("assignment"))
    reasons = models.TextField(_("reasons"))
    requested_due = models.DateField(_("requested new deadline"))
    granted_due = models.DateField(_("granted deadline"), null=True, blank=True)

    class Meta(StaffDecidedRequest.Meta):
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [models.UniqueConstraint(fields=["suggestion"], condition=Q(decision="pending"),
                                               name="one_pending_extension_request")]


class Contact(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    """办前/办中沟通: the lead unit's contacts with the deputy, each logged."""

    class Way(models.TextChoices):
        PHONE = "phone", _("Telephone")
        VISIT = "visit", _("Visit")
        MEETING = "meeting", _("Meeting")
        SITE = "site", _("On-site inspection")
        ONLINE = "online", _("Online")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="contacts",
                                   verbose_name=_("suggestion"))
    unit = models.ForeignKey("organization.HandlingUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    date = models.DateField(_("date"))
    way = models.CharField(_("way"), max_length=10, choices=Way.choices)
    content = models.TextField(_("content"))
    deputy_opinion = models.TextField(_("deputy's opinion"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("contact with the deputy")
        verbose_name_plural = _("contacts with the deputy")


class Reply(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    """答复函: a unit's formal reply letter for one handling round."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="replies",
                                   verbose_name=_("suggestion"))
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="replies",
                                   verbose_name=_("assignment"))
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    result_class = models.CharField(_("result class"), max_length=1, choices=ResultClass.choices)
    text = models.TextField(_("reply text"))
    signer = models.CharField(_("signed by"), max_length=50)
    contact_person = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    reply_date = models.DateField(_("date of the letter"))
    letter_number = models.CharField(_("letter number"), max_length=40, blank=True)  # 文号, from the unit's series
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("reply letter")
        verbose_name_plural = _("reply letters")
        constraints = [models.UniqueConstraint(fields=["assignment", "round"], name="one_reply_per_round")]


class Commitment(ChoiceLabelsMixin, models.Model):
    """承诺事项: what, by when, who; tracked until fulfilled, across years."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("reply"))
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="commitments",
                                   verbose_name=_("suggestion"))
    unit = models.ForeignKey("organization.HandlingUnit", on_delete=models.PROTECT, related_name="commitments",
                             verbose_name=_("unit"))
    content = models.TextField(_("what"))
    due_date = models.DateField(_("by when"), db_index=True)
    responsible = models.CharField(_("who"), max_length=100)
    fulfilled_at = models.DateTimeField(_("fulfilled"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("confirmed by"))

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments ledger")
        indexes = [
            models.Index(fields=["unit", "fulfilled_at"], name="commitment_unit_open_idx"),
            # Open commitments by due date (dashboard and workbench: due / overdue).
            models.Index(fields=["due_date"], name="commitment_open_due_idx", condition=Q(fulfilled_at__isnull=True)),
            # A unit's open commitments, earliest due first (its workbench tab), walked in order.
            models.Index(fields=["unit", "due_date", "id"], name="commitment_unit_due_idx",
                         condition=Q(fulfilled_at__isnull=True)),
        ]

    def __str__(self):
        return Truncator(self.content).chars(40)  # what was promised is its name


class CommitmentProgress(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="progress",
                                   verbose_name=_("commitment"))
    note = models.TextField(_("progress"))
    fulfilled = models.BooleanField(_("fulfilled"), default=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reported by"))
    reported_at = models.DateTimeField(auto_now_add=True, verbose_name=_("reported at"))

    class Meta:
        ordering = ["reported_at"]
        verbose_name = _("commitment progress")
        verbose_name_plural = _("commitment progress")


class KeySupervision(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    """重点督办: chosen by the chairs' meeting, led by one of its members."""

    suggestion = models.OneToOneField(Suggestion, on_delete=models.CASCADE, related_name="key_supervision",
                                      verbose_name=_("suggestion"))
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="key_suggestions",
                               verbose_name=_("leading leader"))
    year = models.PositiveSmallIntegerField(_("year"))
    government_lead = models.CharField(_("handled personally by (government head)"), max_length=100, blank=True)
    chosen_at = models.DateTimeField(auto_now_add=True, verbose_name=_("chosen at"))
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("chosen by"))

    class Meta:
        verbose_name = _("key supervision")
        verbose_name_plural = _("key supervision")


class SupervisionAct(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    """Every supervision act (督): who, when, what, outcome."""

    class Kind(models.TextChoices):
        URGE = "urge", _("Urging")
        KEY = "key", _("Key supervision by a leader")
        RECEPTION_DAY = "reception_day", _("Supervision on the chair's reception day")
        COMMITTEE = "committee", _("Supervision by the committee in its field")
        COMMITMENT = "commitment", _("Commitment follow-up")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="supervision_acts",
                                   verbose_name=_("suggestion"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("by"))
    committee = models.ForeignKey("organization.Committee", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("committee"))
    date = models.DateField(_("date"))
    content = models.TextField(_("what was done"))
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("supervision act")
        verbose_name_plural = _("supervision acts")


class Evaluation(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    """评: the deputy's back-to-back rating of a reply, attitude and result separately."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="evaluations",
                                   verbose_name=_("suggestion"))
    reply = models.ForeignKey(Reply, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("reply"))
    deputy = models.ForeignKey("deputies.Deputy", on_delete=models.PROTECT, related_name="evaluations",
                               verbose_name=_("deputy"))
    round = models.PositiveSmallIntegerField(_("round"))
    attitude = models.CharField(_("handling attitude"), max_length=12, choices=Rating.choices)
    result = models.CharField(_("handling result"), max_length=12, choices=Rating.choices)
    comment = models.TextField(pgettext_lazy("rating", "comment"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [models.UniqueConstraint(fields=["reply", "deputy"], name="one_rating_per_reply_and_deputy")]


class QualityScore(RecordNameMixin, ChoiceLabelsMixin, models.Model):
    """Staff's score of a reply letter: compliance, document, effect (三级评价, levels two and three)."""

    reply = models.OneToOneField(Reply, on_delete=models.CASCADE, related_name="quality_score", verbose_name=_("reply"))
    compliance = models.PositiveSmallIntegerField(_("compliance (0-100)"))
    document = models.PositiveSmallIntegerField(_("document (0-100)"))
    effect = models.PositiveSmallIntegerField(_("effect (0-100)"))
    third_party = models.TextField(_("third-party evaluation"), blank=True)
    comment = models.TextField(pgettext_lazy("rating", "comment"), blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("scored by"))
    scored_at = models.DateTimeField(auto_now_add=True, verbose_name=_("scored at"))

    class Meta:
        verbose_name = _("reply score")
        verbose_name_plural = _("reply scores")
        constraints = [
            models.CheckConstraint(name="scores_within_100",
                                   condition=Q(compliance__lte=100, document__lte=100, effect__lte=100)),
        ]


class MonthFigures(RecordNameMixin, models.Model):
    """The suggestions' figures of one counted month (proposals/year_figures.py), kept so that the leaders'
    dashboard need not count 30,000 suggestions whenever its cache is cold, and so that a change to one
    suggestion costs counting its month again, not its year. Never read as they are: a row serves only if
    it was computed today (overdue counts move with the day) and no suggestion of its month changed since
    `as_of` (every service writes the suggestion's updated_at); otherwise the month is counted again and
    the row replaced. Every figure is a count (or a sum), so a year is the sum of its months."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    # {"totals": {count: n}, "states": {status: n}, "commitments": {count: n}}
    counts = models.JSONField(_("counts"), default=dict)
    # {unit id: [name, short name, the league table's counts in year_figures.UNIT_KEYS order]}
    units = models.JSONField(_("handling units"), default=dict)
    computed_on = models.DateField(_("computed on"))
    as_of = models.DateTimeField(_("as of"))
    # {suggestion id: updated_at} of the writes after `as_of` that the count already saw (year_figures._touched).
    seen = models.JSONField(_("writes already counted"), default=dict)

    class Meta:
        verbose_name = _("month's suggestion figures")
        verbose_name_plural = _("months' suggestion figures")
        constraints = [models.UniqueConstraint(fields=["year", "month"], name="month_figures_once")]

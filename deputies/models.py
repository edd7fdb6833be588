"""The deputies register: deputies of the four levels, their groups and liaison stations."""

import datetime
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_public_code():
    """An unguessable code for public URLs and QR codes (never the primary key)."""
    return secrets.token_urlsafe(9)


class DeputyGroup(models.Model):
    """代表小组: a street group (or delegation), or a professional group (专业代表小组)."""

    class Kind(models.TextChoices):
        STREET = "street", _("Street group")
        PROFESSIONAL = "professional", _("Professional group")

    name = models.CharField(_("name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.STREET)
    street = models.CharField(_("street"), max_length=50, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        verbose_name = _("deputy group")
        verbose_name_plural = _("deputy groups")

    def __str__(self):
        return self.name


class LiaisonStation(models.Model):
    """代表联络站 / 联络点: where deputies receive voters; has a public QR code."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Community centre station")
        BUILDING = "building", _("Building point")
        BLOCK = "block", _("Street-block point")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COMMUNITY)
    street = models.CharField(_("street"), max_length=50)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("public phone"), max_length=30, blank=True)
    reception_schedule = models.CharField(_("reception schedule"), max_length=200, blank=True)
    public_code = models.CharField(_("public code"), max_length=20, unique=True, default=new_public_code,
                                   editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["street", "name"]
        verbose_name = _("liaison station")
        verbose_name_plural = _("liaison stations")

    def __str__(self):
        return self.name


class Deputy(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")

    class Status(models.TextChoices):
        SERVING = "serving", _("Serving")
        TERMINATED = "terminated", _("Terminated")
        RESIGNED = "resigned", _("Resigned")
        REMOVED = "removed", _("Recalled")

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    # Private: never on a public page (代表法 art. 58 publishes basic and performance data only).
    id_number = models.CharField(_("ID number"), max_length=18, unique=True, null=True, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=20, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.DISTRICT)
    term = models.ForeignKey("organization.Term", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="deputies", verbose_name=_("term"),
                             help_text=_("The district term, for district deputies."))
    group = models.ForeignKey(DeputyGroup, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="deputies", verbose_name=_("deputy group"),
                              limit_choices_to={"kind": DeputyGroup.Kind.STREET})
    professional_group = models.ForeignKey(
        DeputyGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="professional_members",
        verbose_name=_("professional group"), limit_choices_to={"kind": DeputyGroup.Kind.PROFESSIONAL},
    )
    constituency = models.CharField(_("constituency"), max_length=80, blank=True)
    station = models.ForeignKey(LiaisonStation, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="deputies", verbose_name=_("liaison station"))
    occupation = models.CharField(_("work unit and post"), max_length=120, blank=True)
    party = models.CharField(_("political affiliation"), max_length=30, blank=True)
    photo = models.ImageField(_("photo"), upload_to="deputies/photos/", blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SERVING)
    public_code = models.CharField(_("public code"), max_length=20, unique=True, default=new_public_code,
                                   editable=False)

    class Meta:
        ordering = ["group__sort_order", "name", "id"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        indexes = [models.Index(fields=["level", "status"], name="deputy_level_status_idx")]

    def __str__(self):
        return self.name


# Crockford's base32: digits and capitals without I, L, O and U, so that a code read aloud or copied
# by hand cannot be mistaken (I and L are read as 1, O as 0).
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 16  # 16 x 5 = 80 random bits: cannot be guessed or enumerated
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_tracking_code():
    """A citizen's tracking code: 80 random bits in Crockford base32, stored without its dashes."""
    return "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(TRACKING_LENGTH))


def canonical_tracking_code(text):
    """The stored form of a code as a citizen types it: case, spaces and dashes ignored, look-alike
    letters read as the digits they stand for; None when it cannot be a (new-style) code."""
    code = "".join((text or "").split()).replace("-", "").upper().translate(_LOOKALIKES)
    if len(code) == TRACKING_LENGTH and all(c in TRACKING_ALPHABET for c in code):
        return code
    return None


def grouped_tracking_code(code):
    """XXXX-XXXX-XXXX-XXXX for a new-style code; an older code (20 mixed-case characters) as it is."""
    if len(code) == TRACKING_LENGTH and all(c in TRACKING_ALPHABET for c in code):
        return "-".join(code[i:i + 4] for i in range(0, TRACKING_LENGTH, 4))
    return code


class Reception(models.Model):
    """接待选民: one reception at a station; the opinions taken there join the opinion pool."""

    station = models.ForeignKey(LiaisonStation, on_delete=models.PROTECT, related_name="receptions",
                                verbose_name=_("liaison station"))
    date = models.DateField(_("date"))
    deputies = models.ManyToManyField(Deputy, related_name="receptions", verbose_name=_("deputies present"))
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("reception")
        verbose_name_plural = _("receptions")

    def __str__(self):
        return f"{self.station} {self.date:%Y-%m-%d}"


class Opinion(models.Model):
    """A citizen's opinion (码上提交), addressed to a deputy or a station; states in workflow.py."""

    class Source(models.TextChoices):
        DEPUTY_CODE = "deputy_code", _("Deputy's QR code")
        STATION_CODE = "station_code", _("Station's QR code")
        RECEPTION = "reception", _("Reception")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        FORWARDED = "forwarded", _("Forwarded to a handling unit")
        ANSWERED = "answered", _("Answered")
        SUGGESTED = "suggested", _("Turned into a suggestion")
        CLOSED = "closed", _("Closed")

    # The citizen is told to expect an answer within this many working days (the thanks page).
    ANSWER_WORKING_DAYS = 15

    tracking_code = models.CharField(_("tracking code"), max_length=32, unique=True, default=new_tracking_code,
                                     editable=False)
    deputy = models.ForeignKey(Deputy, on_delete=models.SET_NULL, null=True, blank=True, related_name="opinions",
                               verbose_name=_("deputy"))
    station = models.ForeignKey(LiaisonStation, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="opinions", verbose_name=_("liaison station"))
    # Copied from the station at submission, so counts per street survive station changes.
    street = models.CharField(_("street"), max_length=50, blank=True, db_index=True)
    reception = models.ForeignKey(Reception, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="opinions", verbose_name=_("reception"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.STATION_CODE)
    text = models.TextField(_("opinion"))
    # Private: the photo is served only through a permission-checked view.
    photo = models.CharField(_("photo"), max_length=200, blank=True, editable=False)
    citizen_name = models.CharField(_("name"), max_length=30, blank=True)
    citizen_phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED,
                              editable=False)
    forwarded_unit = models.ForeignKey("organization.HandlingUnit", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="opinions", verbose_name=_("handling unit"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    # A plain id, not a foreign key: the seam to the proposals app is deputies/suggestions_bridge.py.
    suggestion_id = models.PositiveIntegerField(_("suggestion"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("citizen's opinion")
        verbose_name_plural = _("citizens' opinions")
        indexes = [models.Index(fields=["deputy", "created_at"], name="opinion_deputy_idx"),
                   models.Index(fields=["station", "status"], name="opinion_station_idx")]
        constraints = [models.CheckConstraint(
            condition=models.Q(deputy__isnull=False) | models.Q(station__isnull=False) | models.Q(status="closed"),
            name="opinion_has_addressee")]

    def __str__(self):
        return f"{self.text[:30]}"


class Activity(models.Model):
    """A deputies' activity: the monthly activity day, inspections, training, reports to voters..."""

    class Kind(models.TextChoices):
        ACTIVITY_DAY = "activity_day", _("Unified activity day")
        INSPECTION = "inspection", _("Inspection")
        RESEARCH = "research", _("Research")
        TRAINING = "training", _("Training (履职课堂)")
        MEETING = "meeting", _("Standing committee meeting attended")
        REPORT_BACK = "report_back", _("Reporting back to voters")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    date = models.DateField(_("date"), db_index=True)
    station = models.ForeignKey(LiaisonStation, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="activities", verbose_name=_("liaison station"))
    location = models.CharField(_("place"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    appraisal = models.TextField(_("voters' appraisal"), blank=True,
                                 help_text=_("For reports back to voters: the voters' appraisal."))
    satisfied_votes = models.PositiveIntegerField(_("voters satisfied"), null=True, blank=True)
    total_votes = models.PositiveIntegerField(_("voters appraising"), null=True, blank=True)
    deputies = models.ManyToManyField(Deputy, through="Attendance", related_name="activities",
                                      verbose_name=_("deputies"))

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class Attendance(models.Model):
    """A deputy's place in an activity: staff record presence, the deputy confirms their own."""

    # How long after an activity the deputy may still confirm having attended it; until then a
    # missing confirmation is pending, not an absence.
    CONFIRM_DAYS = 30

    class Standing(models.TextChoices):
        UPCOMING = "upcoming", _("upcoming")
        ATTENDED = "attended", _("attended")
        TO_CONFIRM = "to_confirm", _("attendance not yet confirmed")
        ABSENT = "absent", _("absent")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances",
                                 verbose_name=_("activity"))
    deputy = models.ForeignKey(Deputy, on_delete=models.CASCADE, related_name="attendances",
                               verbose_name=_("deputy"))
    attended = models.BooleanField(_("attended"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed by the deputy"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["activity", "deputy"], name="attendance_once")]

    def __str__(self):
        return f"{self.deputy} @ {self.activity}"

    @classmethod
    def confirm_until(cls, activity_date):
        """The last day the deputy may confirm having attended an activity held on `activity_date`."""
        return activity_date + datetime.timedelta(days=cls.CONFIRM_DAYS)

    def can_confirm(self, today):
        return self.confirmed_at is None and not self.attended and today <= self.confirm_until(self.activity.date)

    def standing(self, today):
        """Upcoming until the day is over; then attended, or absent only once the deputy can no longer
        confirm it (an activity the deputy may still confirm is pending, never an absence)."""
        if self.activity.date >= today:
            return self.Standing.UPCOMING
        if self.attended:
            return self.Standing.ATTENDED
        if self.can_confirm(today):
            return self.Standing.TO_CONFIRM
        return self.Standing.ABSENT


class OpinionRateCount(models.Model):
    """The opinion form's flood counter while the shared cache (Redis) is away: one row per address
    and window, incremented by an atomic upsert (ratelimit.py). Rows outlive their window by a little
    and are deleted when a new window's row is written."""
    key = models.CharField(_("counter"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("attempts"), default=0)
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    class Meta:
        verbose_name = _("opinion form attempt count")
        verbose_name_plural = _("opinion form attempt counts")

    def __str__(self):
        return f"{self.key}: {self.count}"

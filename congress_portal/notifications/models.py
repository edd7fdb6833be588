"""Reminders and notifications: what was sent to whom, once.

A Delivery row is the claim on one message: unique per (subject, kind, deadline date, milestone,
recipient, channel), inserted before anything is sent. An OutboxEvent is written in the transaction
of the change it announces and relayed to deliveries afterwards, so a broker outage loses nothing.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress_portal.core.models import RecordNameMixin


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the portal")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Mode(models.TextChoices):
    OFF = "off", _("Off")
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("Daily digest")


class Preference(models.Model):
    """A user's choice per channel. In the portal everything is always kept; e-mail and SMS are chosen."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference", verbose_name=_("user"))
    email = models.CharField(_("e-mail"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)
    sms = models.CharField(_("SMS"), max_length=10, choices=Mode.choices, default=Mode.OFF)
    language = models.CharField(_("language of e-mail and SMS"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


class OutboxEvent(models.Model):
    """An event to announce, written in the transaction of the change; relayed after commit or by beat."""

    event = models.CharField(_("event"), max_length=50)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    recipients = models.JSONField(_("recipients"), default=list)  # user ids
    context = models.JSONField(_("context"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    relayed_at = models.DateTimeField(_("relayed"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox")
        indexes = [models.Index(fields=["created_at"], condition=Q(relayed_at__isnull=True),
                                name="outbox_waiting_idx")]

    def __str__(self):
        from .messages import kind_label  # the event's name, never its stored code (admin titles, checkboxes)

        return f"{kind_label(self.event)} #{self.object_id}"


class Delivery(models.Model):
    """One message to one recipient on one channel. Its insertion is the claim: never twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        DIGEST = "digest", _("Waiting for the daily digest")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    # A deadline kind code (suggestion_reply) or, for an immediate notification, the event code.
    kind = models.CharField(_("kind"), max_length=50)
    # The deadline this reminder is about: a deadline that moves gets new reminders for its new date.
    # For events, the day of the event.
    due_date = models.DateField(_("deadline"))
    # before:7, due, overdue, overdue:escalate; for events, event:<outbox id>.
    milestone = models.CharField(_("milestone"), max_length=40)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries",
                                  verbose_name=_("recipient"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    context = models.JSONField(default=dict, verbose_name=_("context"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("next attempt at"))

    class Meta:
        ordering = ["-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("delivery log")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "due_date", "milestone", "recipient", "channel"],
                name="one_delivery_per_milestone_recipient_channel"),
        ]
        indexes = [
            models.Index(fields=["status", "channel"], name="delivery_status_idx",
                         condition=Q(status__in=["pending", "digest", "sending", "failed"])),
            models.Index(fields=["content_type", "kind", "due_date"], name="delivery_subject_idx"),
            # The external sender claims the oldest waiting e-mail or text, one at a time: walked from
            # the first row that can be claimed, not past every one already sent (a day's first sweep
            # of 7,000 rows took 13 ms a claim, and longer with each one sent).
            models.Index(fields=["id"], name="delivery_claim_idx",
                         condition=Q(channel__in=["email", "sms"], status__in=["pending", "failed"])),
        ]

    def __str__(self):
        from .messages import kind_label, milestone_label

        return f"{kind_label(self.kind)} · {milestone_label(self.milestone)} · {self.get_channel_display()}"


class Notification(RecordNameMixin, models.Model):
    """An entry in a user's notification centre. Text is rendered from codes in the reader's language."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications", verbose_name=_("recipient"))
    delivery = models.OneToOneField(Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("delivery"))
    kind = models.CharField(max_length=50, verbose_name=_("kind"))
    milestone = models.CharField(max_length=40, blank=True, verbose_name=_("milestone"))
    due_date = models.DateField(null=True, blank=True, verbose_name=_("due date"))
    context = models.JSONField(default=dict, verbose_name=_("context"))
    url = models.CharField(max_length=300, blank=True, verbose_name=_("url"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "created_at"], name="notif_recipient_idx"),
                   models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_unread_idx")]

    @property
    def text(self):
        from .messages import render

        return render(self.kind, self.milestone, self.due_date, self.context)[0]

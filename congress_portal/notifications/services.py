"""Every write of the notifications app: notify, the sweep, the relay, delivery and digests.

Exactly once: a Delivery row (unique per subject, kind, deadline, milestone, recipient, channel) is
inserted before anything is sent; in-app notifications are created in the same transaction that
marks their delivery sent; e-mail and SMS rows are claimed (status "sending") a batch at a time before
the send, and their outcome recorded a batch at a time after it.
"""

import datetime
import logging
import time
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from . import channels, registry, selectors
from .models import Channel, Delivery, Mode, Notification, OutboxEvent, Preference

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A row "sending" this long was interrupted mid-send (its worker killed: a send itself gives up after
# EMAIL_TIMEOUT). Whether it left cannot be told: an SMTP server that accepted a message gives no
# receipt a later run could ask for, nor does an SMS gateway through the plain send() interface, so
# it is not resent automatically (a double reminder) but marked INTERRUPTED for staff, who check
# and retry (the delivery log's 发送中断 filter). The other rows the dead run had reserved had not
# left: the next run sends them at once.
STALE_SENDING = datetime.timedelta(minutes=5)
INTERRUPTED = "interrupted while sending"
BATCH = 500
# Delivery rows written by one INSERT (the first sweep of a day on the large demo: 16,674 rows, 17 inserts).
INSERT_BATCH = 1000
# E-mails and texts claimed, then recorded, by one UPDATE each (the default of NOTIFICATIONS_SEND_BATCH):
# also the most messages whose fate a killed run leaves unknown.
SEND_BATCH = 50


# --- immediate notifications ---------------------------------------------------------------

def notify(event, *, subject, recipients, context=None):
    """Announce `event` about `subject` to `recipients`; call it inside the transaction of the change.

    event: a code of messages.EVENTS ("assigned", "replied", "rated_dissatisfied", ...).
    subject: the model instance the event is about (a Suggestion).
    recipients: users or user ids (None and duplicates are ignored).
    context: JSON-able extras; "subject" (the text shown, default str(subject)), "url" (a path
        in the portal), "detail" (one more line). The database keeps codes and these values, never
        translated text: each reader sees the words in their own language.
    Writes one OutboxEvent row now; after commit a task relays it. If the broker is down the
    change still commits, and the periodic relay sends the row later. Returns the row (or None).
    """
    from .messages import EVENTS

    if event not in EVENTS:
        raise ValueError(f"unknown notification event {event!r}")
    ids = sorted({getattr(r, "pk", r) for r in recipients if r is not None})
    if not ids:
        return None
    context = dict(context or {})
    context.setdefault("subject", str(subject))
    if "url" not in context and hasattr(subject, "get_absolute_url"):
        context["url"] = subject.get_absolute_url()
    row = OutboxEvent.objects.create(
        event=event, content_type=ContentType.objects.get_for_model(type(subject)), object_id=subject.pk,
        recipients=ids, context=context)
    transaction.on_commit(lambda: enqueue_relay(row.pk))
    return row


def enqueue_relay(event_id):
    """Hand the row to a worker; when the broker is down the row simply waits for the periodic relay."""
    from . import tasks

    try:
        tasks.relay_outbox_event.apply_async((event_id,), retry=False)
    except Exception as exc:  # noqa: BLE001 - the user's action has committed; the row waits
        logger.warning("outbox event %s waits for the periodic relay: %s", event_id, exc)


def relay_event(event_id):
    """Fan one outbox row out to delivery rows, once (the row is locked and marked in one transaction)."""
    with transaction.atomic():
        event = (OutboxEvent.objects.select_for_update(skip_locked=True)
                 .filter(pk=event_id, relayed_at__isnull=True).first())
        if event is None:
            return 0
        _fan_out_events([event])
    return 1


def relay_waiting(limit=1000):
    """Relay every waiting outbox row (the periodic relay); rows another worker holds are skipped."""
    done = 0
    while done < limit:
        with transaction.atomic():
            events = list(OutboxEvent.objects.select_for_update(skip_locked=True)
                          .filter(relayed_at__isnull=True).order_by("id")[:BATCH])
            if not events:
                break
            _fan_out_events(events)
        done += len(events)
    return done


def _fan_out_events(events):
    reminders = []
    for event in events:
        day = timezone.localdate(event.created_at)
        reminders.append(registry.Reminder(event.content_type_id, event.object_id, event.event, day,
                                           f"event:{event.pk}", tuple(event.recipients), event.context))
    _insert_deliveries(reminders)
    now = timezone.now()
    OutboxEvent.objects.filter(pk__in=[e.pk for e in events]).update(relayed_at=now, attempts=1)


# --- the reminder sweep ---------------------------------------------------------------------

def collect(at, kinds=None):
    """Every reminder due on day `at`, kind by kind: [(kind, [Reminder])]."""
    sweep = registry.Sweep(at)
    return [(kind, list(kind.reminders(sweep))) for kind in (kinds or registry.kinds())]


def pending_of(reminders):
    """The (reminder, recipient, channel) triples not yet delivered, one query per kind."""
    rows = _delivery_rows(reminders)
    if not rows:
        return []
    existing = set()
    by_kind = defaultdict(set)
    for row in rows:
        by_kind[(row.content_type_id, row.kind)].add(row.object_id)
    for (ct, kind), ids in by_kind.items():
        existing.update(Delivery.objects.filter(content_type_id=ct, kind=kind, object_id__in=ids).values_list(
            "object_id", "due_date", "milestone", "recipient_id", "channel"))
    return [row for row in rows
            if (row.object_id, row.due_date, row.milestone, row.recipient_id, row.channel) not in existing]


def plan(at, kinds=None):
    """Insert the delivery rows for every reminder due on `at` (not yet sent); returns the new rows."""
    created = []
    for _kind, reminders in collect(at, kinds):
        created.extend(_insert_deliveries(reminders))
    return created


def _delivery_rows(reminders):
    """Unsaved Delivery rows for reminders: in the portal always, e-mail and SMS as each user chose."""
    from congress_portal.accounts.models import User

    user_ids = {uid for r in reminders for uid in r.recipients}
    if not user_ids:
        return []
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids, is_active=True)
             .only("id", "email", "mobile", "role")}
    prefs = {p.user_id: p for p in Preference.objects.filter(user_id__in=user_ids)}
    rows = []
    for r in reminders:
        for uid in r.recipients:
            user = users.get(uid)
            if user is None:
                continue
            pref = prefs.get(uid)
            common = dict(content_type_id=r.content_type_id, object_id=r.object_id, kind=r.kind, due_date=r.due,
                          milestone=r.milestone, recipient_id=uid, context=r.context)
            rows.append(Delivery(channel=Channel.IN_APP, status=Delivery.Status.PENDING, **common))
            email_mode = pref.email if pref else default_email_mode(user)
            if user.email and email_mode != Mode.OFF:
                rows.append(Delivery(channel=Channel.EMAIL, status=_status(email_mode), **common))
            sms_mode = pref.sms if pref else Mode.OFF
            if user.mobile and sms_mode != Mode.OFF:
                rows.append(Delivery(channel=Channel.SMS, status=_status(sms_mode), **common))
    return rows


def default_email_mode(user):
    """Staff and leaders hear of every overdue item of the district: one digest a day unless they choose."""
    from congress_portal.accounts.models import Role

    return Mode.DIGEST if user.role in (Role.STAFF, Role.LEADER) else Mode.IMMEDIATE


def _status(mode):
    return Delivery.Status.DIGEST if mode == Mode.DIGEST else Delivery.Status.PENDING


def _insert_deliveries(reminders):
    """Insert what is new; a concurrent sweep's rows are skipped by the unique constraint."""
    rows = pending_of(reminders)
    if rows:
        Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=INSERT_BATCH)
    return rows


def sweep(at=None, kinds=None):
    """The periodic sweep: plan the reminders due on `at` (default today), then deliver them."""
    at = at or timezone.localdate()
    created = plan(at, kinds)
    delivered = deliver_pending()
    return {"planned": len(created), **delivered}


# --- delivery -------------------------------------------------------------------------------

def send_batch_size():
    """E-mails and texts claimed and recorded together (the NOTIFICATIONS_SEND_BATCH setting)."""
    return max(1, int(getattr(settings, "NOTIFICATIONS_SEND_BATCH", SEND_BATCH)))


def deliver_pending(limit=100_000):
    """Send what is waiting: in-app rows in batches; e-mail and SMS claimed a batch at a time, sent one by
    one (the e-mails of a run over one connection to the mail server) and recorded a batch at a time."""
    recover_stale()
    in_app = deliver_in_app(limit)
    external = sent = failed = 0
    mail = channels.MailSession()
    try:
        while external < limit:
            rows = _claim_external(min(send_batch_size(), limit - external))
            if not rows:
                break
            batch_sent, batch_failed = _send_claimed(rows, mail)
            external += len(rows)
            sent += batch_sent
            failed += batch_failed
    finally:
        mail.close()
    return {"in_app": in_app, "sent": sent, "failed": failed}


def deliver_in_app(limit=100_000):
    done = 0
    while done < limit:
        # The notification rows and the "sent" mark commit together: exactly once, even if killed.
        with transaction.atomic():
            rows = list(Delivery.objects.select_for_update(skip_locked=True)
                        .filter(channel=Channel.IN_APP, status=Delivery.Status.PENDING).order_by("id")[:BATCH])
            if not rows:
                break
            Notification.objects.bulk_create([
                Notification(recipient_id=d.recipient_id, delivery_id=d.pk, kind=d.kind, milestone=d.milestone,
                             due_date=d.due_date, context=d.context, url=d.context.get("url", ""))
                for d in rows])
            Delivery.objects.filter(pk__in=[d.pk for d in rows]).update(
                status=Delivery.Status.SENT, sent_at=timezone.now(), attempts=1)
            recipients = [d.recipient_id for d in rows]
            transaction.on_commit(lambda recipients=recipients: selectors.forget_unread_counts(recipients))
        done += len(rows)
    return done


def _waiting_external(now):
    return (Delivery.objects.filter(channel__in=[Channel.EMAIL, Channel.SMS])
            .filter(Q(status=Delivery.Status.PENDING)
                    | Q(status=Delivery.Status.FAILED, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=now))
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)))


def _claim_external(size):
    """Claim up to `size` waiting e-mails and texts for this run: one SELECT locks them (rows another run
    holds are skipped) with their recipient and preference, one conditional UPDATE marks them "sending"
    under this run's stamp (claimed_at). Returns the claimed rows ([] when nothing waits).

    The claim is what makes a message exactly-once: a row "sending" is never taken by another run. Its
    cost is the run's exposure to a kill: the rows of the batch in hand are all "sending", so a killed
    run leaves up to a batch whose fate is unknown; recover_stale shows them to staff as interrupted and
    none is resent blindly. NOTIFICATIONS_SEND_BATCH bounds that exposure."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(_waiting_external(now).select_for_update(skip_locked=True, of=("self",))
                    .select_related("recipient__notification_preference").order_by("id")[:size])
        if not rows:
            return []
        ids = [r.pk for r in rows]
        # The state guard again: the rows are locked, so it only matters where locks are not (SQLite).
        claimed = _waiting_external(now).filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        if claimed != len(rows):
            mine = set(Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING, claimed_at=now)
                       .values_list("pk", flat=True))
            rows = [r for r in rows if r.pk in mine]
    for row in rows:
        row.status, row.claimed_at, row.attempts = Delivery.Status.SENDING, now, row.attempts + 1
    return rows


def _heartbeat_seconds():
    # A batch still being sent renews its claim well before another run would call it interrupted.
    return STALE_SENDING.total_seconds() / 5


def _send_claimed(rows, mail):
    """Send a run's claimed rows one by one and record how they ended in one UPDATE per batch; (sent, failed).

    A batch that takes long (a slow mail server) records what it has sent and renews the claim on the
    rest every _heartbeat_seconds(), so that no other run takes its rows for interrupted ones; a run that
    finds its claim gone (it was paused past STALE_SENDING and its rows recovered) sends nothing more."""
    sent = failed = 0
    stamp = rows[0].claimed_at
    renewed = time.monotonic()
    outcomes = []
    pending = list(rows)
    while pending:
        if time.monotonic() - renewed >= _heartbeat_seconds():
            stamp, pending = _record(outcomes, stamp, renew=pending)
            outcomes, renewed = [], time.monotonic()
            if not pending:
                break
        row = pending.pop(0)
        values = _send_one(row, mail)
        outcomes.append((row, values))
        if values["status"] == Delivery.Status.SENT:
            sent += 1
        else:
            failed += 1
    _record(outcomes, stamp)
    return sent, failed


def _record(outcomes, stamp, renew=()):
    """One UPDATE records every (row, values) of `outcomes`, guarded by the state they were claimed in
    ("sending" under `stamp`). With `renew`, the claim of those rows (not yet sent) is renewed in a
    second UPDATE; returns (the new stamp, the rows of `renew` still this run's)."""
    if outcomes:
        status = Delivery.Status
        now = timezone.now()
        sent_ids = [row.pk for row, values in outcomes if values["status"] == status.SENT]
        failures = [(row, values) for row, values in outcomes if values["status"] != status.SENT]
        updates = {"status": Value(status.SENT), "sent_at": Value(now), "last_error": Value("")}
        if failures:
            failed_q = Q(pk__in=[row.pk for row, _values in failures])
            updates = {
                "status": Case(When(failed_q, then=Value(status.FAILED)), default=Value(status.SENT)),
                "sent_at": Case(When(pk__in=sent_ids, then=Value(now)), default=F("sent_at")),
                "last_error": Case(*[When(pk=row.pk, then=Value(values["last_error"])) for row, values in failures],
                                   default=Value("")),
                "next_attempt_at": Case(*[When(pk=row.pk, then=Value(values["next_attempt_at"]))
                                          for row, values in failures], default=F("next_attempt_at")),
            }
        recorded = (Delivery.objects.filter(pk__in=[row.pk for row, _values in outcomes],
                                            status=status.SENDING, claimed_at=stamp).update(**updates))
        if recorded != len(outcomes):
            logger.warning("%s of %s deliveries sent by this run had been recovered by another run meanwhile",
                           len(outcomes) - recorded, len(outcomes))
    if not renew:
        return stamp, []
    now = timezone.now()
    ids = [row.pk for row in renew]
    kept = Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING, claimed_at=stamp).update(claimed_at=now)
    if kept != len(ids):
        mine = set(Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING, claimed_at=now)
                   .values_list("pk", flat=True))
        renew = [row for row in renew if row.pk in mine]
    for row in renew:
        row.claimed_at = now
    return now, list(renew)


def _send_one(row, mail):
    """Send one e-mail or text outside any transaction; the values that record its outcome."""
    user = row.recipient
    pref = getattr(user, "notification_preference", None)
    language = pref.language if pref else settings.LANGUAGE_CODE
    try:
        channels.SENDERS[row.channel](row, user, language, mail=mail)
    except Exception as exc:  # noqa: BLE001 - recorded on the row, retried with backoff
        if mail is not None and row.channel == Channel.EMAIL:
            mail.reset()  # the next e-mail reconnects
        delay = datetime.timedelta(minutes=5 * 2 ** (row.attempts - 1))
        logger.warning("delivery %s failed (attempt %s): %s", row.pk, row.attempts, exc)
        return {"status": Delivery.Status.FAILED, "last_error": str(exc)[:1000],
                "next_attempt_at": timezone.now() + delay}
    return {"status": Delivery.Status.SENT, "sent_at": timezone.now(), "last_error": ""}


def recover_stale():
    """Rows a killed worker left "sending": mark them failed for staff to see; never resend blindly."""
    cutoff = timezone.now() - STALE_SENDING
    return Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=cutoff).update(
        status=Delivery.Status.FAILED, attempts=MAX_ATTEMPTS, last_error=INTERRUPTED)


def retry(deliveries):
    """Staff retry of failed rows (admin action)."""
    return Delivery.objects.filter(pk__in=[d.pk for d in deliveries], status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=None)


def send_digests():
    """The daily digest: one e-mail / SMS per user with everything that waited for it."""
    from congress_portal.accounts.models import User

    sent = 0
    pairs = set(Delivery.objects.filter(status=Delivery.Status.DIGEST).values_list("recipient_id", "channel"))
    users = {u.pk: u for u in User.objects.filter(pk__in={p[0] for p in pairs})
             .select_related("notification_preference")}
    mail = channels.MailSession()  # the day's digest e-mails over one connection, as deliver_pending
    try:
        for user_id, channel in sorted(pairs):
            sent += _send_digest(users[user_id], channel, mail)
    finally:
        mail.close()
    return sent


def _send_digest(user, channel, mail):
    """1 when the user's digest on `channel` went out, else 0 (rows left for the next day's digest)."""
    with transaction.atomic():
        rows = list(Delivery.objects.select_for_update(skip_locked=True)
                    .filter(recipient_id=user.pk, channel=channel, status=Delivery.Status.DIGEST).order_by("id"))
        Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(
            status=Delivery.Status.SENDING, claimed_at=timezone.now(), attempts=1)
    if not rows:
        return 0
    pref = getattr(user, "notification_preference", None)
    language = pref.language if pref else settings.LANGUAGE_CODE
    try:
        channels.DIGEST_SENDERS[channel](user, rows, language, mail=mail)
    except Exception as exc:  # noqa: BLE001
        if channel == Channel.EMAIL:
            mail.reset()  # the next e-mail reconnects
        Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(
            status=Delivery.Status.DIGEST, last_error=str(exc)[:1000])
        return 0
    Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(status=Delivery.Status.SENT, sent_at=timezone.now())
    return 1


# --- the notification centre ----------------------------------------------------------------

def mark_read(user, notification_ids=None):
    """Mark the user's notifications read (all unread ones when no ids are given)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    changed = qs.update(read_at=timezone.now())
    transaction.on_commit(lambda: selectors.forget_unread_counts([user.pk]))
    return changed


def save_preference(user, **values):
    pref, _created = Preference.objects.get_or_create(user=user)
    for key, value in values.items():
        setattr(pref, key, value)
    pref.save()
    return pref

"""Sending on one channel. In the portal is written in the database; e-mail and SMS leave the system."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from . import sms
from .messages import digest_subject, render


def _link(url):
    if not url:
        return settings.PORTAL_BASE_URL
    return settings.PORTAL_BASE_URL.rstrip("/") + url if url.startswith("/") else url


class MailSession:
    """One connection to the mail server for a run of e-mails, opened by the first one (a run with
    nothing to send never connects) and closed by `close()`; after a failure `reset()` drops it, and
    the next e-mail connects afresh. SMTP with TLS costs a handshake a connection: not one per e-mail."""

    def __init__(self):
        self._backend = None

    def backend(self):
        if self._backend is None:
            backend = get_connection()
            backend.open()
            self._backend = backend
        return self._backend

    def reset(self):
        backend, self._backend = self._backend, None
        if backend is not None:
            try:
                backend.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is dropped anyway
                pass

    close = reset


def send_email(delivery, user, language, mail=None):
    with translation.override(language):
        title, detail = render(delivery.kind, delivery.milestone, delivery.due_date, delivery.context)
        body = render_to_string("notifications/email/message.txt", {
            "user": user, "title": title, "detail": detail, "link": _link(delivery.context.get("url"))})
    message = EmailMultiAlternatives(title, body, settings.DEFAULT_FROM_EMAIL, [user.email],
                                     connection=mail.backend() if mail is not None else None)
    message.send()


def send_sms(delivery, user, language, mail=None):
    with translation.override(language):
        title, _detail = render(delivery.kind, delivery.milestone, delivery.due_date, delivery.context)
    sms.get_backend().send(user.mobile, title[:140])


def send_digest_email(user, deliveries, language, mail=None):
    with translation.override(language):
        lines = [render(d.kind, d.milestone, d.due_date, d.context)[0] for d in deliveries]
        subject = digest_subject(len(lines))
        body = render_to_string("notifications/email/digest.txt", {
            "user": user, "lines": lines, "link": _link("/notifications/")})
    EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email],
                           connection=mail.backend() if mail is not None else None).send()


def send_digest_sms(user, deliveries, language, mail=None):
    with translation.override(language):
        subject = digest_subject(len(deliveries))
    sms.get_backend().send(user.mobile, subject)


SENDERS = {"email": send_email, "sms": send_sms}
DIGEST_SENDERS = {"email": send_digest_email, "sms": send_digest_sms}

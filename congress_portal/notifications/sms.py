"""SMS backends: a tiny interface; real gateways plug in through NOTIFICATIONS_SMS_BACKEND."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("congress_portal.notifications.sms")


class BaseSmsBackend:
    def send(self, mobile: str, text: str) -> None:
        """Send one message or raise; the caller records the error and retries."""
        raise NotImplementedError


class LogBackend(BaseSmsBackend):
    """Development backend: writes each message to the log instead of a gateway."""

    def send(self, mobile, text):
        logger.info("SMS to %s: %s", mobile, text)


def get_backend():
    path = getattr(settings, "NOTIFICATIONS_SMS_BACKEND", "congress_portal.notifications.sms.LogBackend")
    return import_string(path)()

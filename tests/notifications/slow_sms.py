"""An SMS backend for the kill test: appends each message to a file, then hangs on the N-th."""

import os
import time

from congress_portal.notifications.sms import BaseSmsBackend


class FileBackend(BaseSmsBackend):
    def send(self, mobile, text):
        path = os.environ["TEST_SMS_FILE"]
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{mobile}\t{text}\n")
        hang_at = int(os.environ.get("TEST_SMS_HANG_AT", "0"))
        if hang_at:
            with open(path, encoding="utf-8") as f:
                if sum(1 for _ in f) == hang_at:
                    time.sleep(600)  # killed here, after the message left and before it is marked sent

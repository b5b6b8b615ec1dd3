"""A mail server another process can watch, slow to connect to, for the
worker processes of tests/ops/test_worker_killed.py.

Each connection first writes a ``connecting-*`` file and waits
``CMHUB_TEST_MAIL_CONNECT_SECONDS`` (DNS, TLS and login to a real mail
server take that long); each message the server accepts is then written,
whole, to a ``*.eml`` file of its own in ``CMHUB_TEST_MAIL_DIR``."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class SlowMailServer(BaseEmailBackend):
    """Slow to connect to; then one file per accepted message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(os.environ["CMHUB_TEST_MAIL_DIR"])
        self.delay = float(os.environ.get("CMHUB_TEST_MAIL_CONNECT_SECONDS", "1"))
        self.connected = False

    def open(self):
        if self.connected:
            return False
        (self.folder / f"connecting-{uuid.uuid4().hex}").touch()
        time.sleep(self.delay)
        self.connected = True
        return True

    def close(self):
        self.connected = False

    def send_messages(self, email_messages):
        opened = self.open()
        try:
            for message in email_messages:
                name = uuid.uuid4().hex
                partial = self.folder / f"{name}.part"
                partial.write_bytes(message.message().as_bytes())
                partial.rename(self.folder / f"{name}.eml")  # whole, or not at all
        finally:
            if opened:
                self.close()
        return len(email_messages)

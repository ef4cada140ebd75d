"""Mail that fails closed: without an SMTP server, e-mails go to a private file.

Password-reset and invitation e-mails carry links that sign a person in; printed to the
console (Django's default for development) they would land in the server log, readable by
whoever reads the logs. Without INDABA_EMAIL_HOST, each message is appended instead to
DATA_DIR/mail-outbox.log, created 0600, where an operator can pass a link on by hand.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone

OUTBOX_NAME = "mail-outbox.log"
BACKEND = "indaba.web.mail.OutboxBackend"

log = logging.getLogger("indaba.mail")


def outbox_path() -> Path:
    return Path(settings.DATA_DIR) / OUTBOX_NAME


def announce() -> None:
    """One line at server start saying where e-mails go (the path, never a message)."""
    if settings.EMAIL_BACKEND == BACKEND:
        log.warning("no SMTP server is set (INDABA_EMAIL_HOST): password-reset and "
                    "invitation e-mails are not sent but written to %s (mode 0600)",
                    outbox_path())


def _entry(message: EmailMessage) -> str:
    # The plain body as written (not the MIME text): a quoted-printable link would be split.
    return "\n".join([
        "=" * 72,
        f"Date: {timezone.now().isoformat()}",
        f"From: {message.from_email}",
        f"To: {', '.join(message.recipients())}",
        f"Subject: {message.subject}",
        "",
        str(message.body),
        "",
    ])


class OutboxBackend(BaseEmailBackend):
    _lock = threading.Lock()

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        path = outbox_path()
        text = "".join(_entry(m) for m in email_messages)
        with self._lock:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.fchmod(fd, 0o600)  # a file made by hand or by an older version
            with os.fdopen(fd, "a", encoding="utf-8") as handle:
                handle.write(text)
        return len(email_messages)

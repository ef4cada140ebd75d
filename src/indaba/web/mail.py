"""Mail that fails closed: without an SMTP server, e-mails go to a private file.

Password-reset and invitation e-mails carry links that sign a person in; printed to the
console (Django's default for development) they would land in the server log, readable by
whoever reads the logs. Without INDABA_EMAIL_HOST, each message is written instead to a
file of its own in DATA_DIR/outbox/ (folder 0700, files 0600), where an operator can pass a
link on by hand; one file per message lets the retention policy (RETAIN_OUTBOX_DAYS) delete
old messages by their age.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone

OUTBOX_DIR = "outbox"  # indaba.privacy.retention deletes its old files
BACKEND = "indaba.web.mail.OutboxBackend"

log = logging.getLogger("indaba.mail")


def outbox_path() -> Path:
    return Path(settings.DATA_DIR) / OUTBOX_DIR


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


def _write_private(folder: Path, text: str) -> Path:
    # O_EXCL with a random name: never appends to, or follows, a file made by someone else.
    name = f"{timezone.now():%Y%m%dT%H%M%S}-{secrets.token_hex(6)}.eml"
    path = folder / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


class OutboxBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        folder = outbox_path()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)  # a folder made by hand or by an older version
        for message in email_messages:
            _write_private(folder, _entry(message))
        return len(email_messages)

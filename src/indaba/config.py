"""Every operator-facing setting, declared once.

The table drives Django's settings, the sync engine's limits, `indaba settings`
and a test that checks each setting is documented in docs/operations.md.
Values come from environment variables; nothing is read at import time except
by the caller that asks for a value.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env_var(self) -> str:
        return f"INDABA_{self.name}"


def _bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (true/false), got {raw!r}")


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError(f"expected a positive whole number, got {raw!r}")
    return value


def _non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError(f"expected a whole number, 0 or more, got {raw!r}")
    return value


def _positive_float(raw: str) -> float:
    value = float(raw)
    if value <= 0:
        raise ValueError(f"expected a positive number, got {raw!r}")
    return value


SETTINGS: tuple[Setting, ...] = (
    Setting("DATA_DIR", "./indaba-data",
            "Directory for the embedded SQLite database, uploaded images and the secret key."),
    Setting("DATABASE_URL", "",
            "postgresql://user:pass@host:port/dbname for PostgreSQL; empty = SQLite in DATA_DIR."),
    Setting("REDIS_URL", "",
            "redis://host:6379/0 to fan board updates out between several app nodes that "
            "share one database; empty = a single node."),
    Setting("SECRET_KEY", "",
            "Signing key for sessions and board tokens; empty = generated once into DATA_DIR."),
    Setting("DEBUG", "false", "Django debug pages. Never on in production.", _bool),
    Setting("ALLOWED_HOSTS", "127.0.0.1,localhost",
            "Comma-separated host names this server answers to."),
    Setting("PUBLIC_URL", "",
            "Base URL people use to reach Indaba (e.g. https://indaba.example.gov); "
            "empty = derived from each request."),
    Setting("SQLITE_SYNCHRONOUS", "FULL",
            "SQLite synchronous mode for the board store: FULL survives power loss, "
            "NORMAL survives process crashes only."),
    Setting("MAX_MESSAGE_BYTES", "2097152",
            "Largest WebSocket message a board client may send (bytes).", _positive_int),
    Setting("MAX_DOCUMENT_BYTES", "67108864",
            "Largest encoded board document (bytes); updates beyond it are refused.",
            _positive_int),
    Setting("MAX_CLIENTS_PER_BOARD", "1000",
            "Live connections one board accepts.", _positive_int),
    Setting("RATE_MESSAGES_PER_SECOND", "60",
            "Sustained messages per second one board client may send.", _positive_float),
    Setting("RATE_BURST", "240",
            "Messages a board client may send in a burst above the sustained rate.",
            _positive_int),
    Setting("CLIENT_QUEUE_MESSAGES", "512",
            "Outgoing messages queued for one client before it is disconnected as too slow.",
            _positive_int),
    Setting("COMPACT_AFTER_UPDATES", "500",
            "Stored updates after which a board's log is merged into its snapshot.",
            _positive_int),
    Setting("IDLE_UNLOAD_SECONDS", "60",
            "Seconds a board with no clients stays in memory before it is compacted "
            "and unloaded.", _positive_float),
    Setting("AWARENESS_TIMEOUT_SECONDS", "30",
            "Seconds of silence after which a client's presence is removed.", _positive_float),
    Setting("MAX_VALUE_DEPTH", "32",
            "Deepest nesting of a value a client may write into a board or its presence.",
            _positive_int),
    Setting("TOKEN_CHECK_SECONDS", "5",
            "How often live board connections are re-checked for revoked or expired access.",
            _positive_float),
    Setting("MAX_IMAGE_BYTES", "10485760",
            "Largest image that may be uploaded to a board (bytes).", _positive_int),
    Setting("GUEST_TOKEN_SECONDS", "86400",
            "Default lifetime of a board access token or join link (seconds).",
            _positive_int),
    Setting("ATTENDANCE_MARGIN_MINUTES", "30",
            "Minutes before a session starts and after it ends during which people can join "
            "it and their attendance is recorded; outside them the join code is refused.",
            _non_negative_int),
    Setting("HISTORY_EVERY_MINUTES", "10",
            "While a board is edited, a board version is saved every this many minutes "
            "(only when the board changed since its last version).", _positive_int),
    Setting("HISTORY_KEEP_DAYS", "30",
            "Automatic board versions older than this many days are thinned to one per hour "
            "by `indaba board history-thin` (named and restore versions are always kept).",
            _non_negative_int),
    Setting("EMAIL_HOST", "",
            "SMTP server for invitations and password resets; empty = print e-mails to the "
            "server's console instead of sending them."),
    Setting("EMAIL_PORT", "587", "SMTP port.", _positive_int),
    Setting("EMAIL_HOST_USER", "", "SMTP user name (empty = no authentication)."),
    Setting("EMAIL_HOST_PASSWORD", "", "SMTP password."),
    Setting("EMAIL_USE_TLS", "true", "Use STARTTLS to the SMTP server.", _bool),
    Setting("EMAIL_FROM", "indaba@localhost", "Sender address of e-mails Indaba sends."),
    Setting("LOGIN_MAX_FAILURES", "5",
            "Failed sign-ins for one user name within LOGIN_LOCKOUT_SECONDS before further "
            "attempts are refused (one address may fail four times as often).", _positive_int),
    Setting("LOGIN_LOCKOUT_SECONDS", "900",
            "Window over which failed sign-ins are counted, and how long a lockout lasts.",
            _positive_int),
    Setting("AUDIT_KEY_FILE", "",
            "Ed25519 private key (PEM) that signs audit checkpoints; empty = "
            "DATA_DIR/audit/signing-key.pem, created (mode 0600) on first use. Keep a copy "
            "away from the database."),
    Setting("AUDIT_CHECKPOINT_MINUTES", "60",
            "An audit event appended this many minutes after the last automatic checkpoint "
            "writes a new signed one to DATA_DIR/audit/; 0 = only `indaba audit checkpoint`.",
            _non_negative_int),
    Setting("EVIDENCE_MIN_CELL", "5",
            "Evidence reports show a count of people below this number as \"<N\" (small-cell "
            "suppression, with secondary suppression so totals do not give it away); see "
            "docs/evidence.md.",
            _positive_int),
)

SETTINGS_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


class ConfigError(ValueError):
    """A setting has a value that cannot be used."""


def get(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """The parsed value of setting `name` from the environment, or its default."""
    setting = SETTINGS_BY_NAME[name]
    env = os.environ if environ is None else environ
    raw = env.get(setting.env_var, setting.default)
    try:
        return setting.parse(raw)
    except ValueError as exc:
        raise ConfigError(f"{setting.env_var}={raw!r} is not valid: {exc}") from exc


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    return Path(get("DATA_DIR", environ)).expanduser().resolve()

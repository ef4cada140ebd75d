"""Every operator-facing setting, declared once.

The table drives Django's settings, the sync engine's limits, `indaba settings`
and a test that checks each setting is documented in docs/operations.md.
Values come from environment variables; nothing is read at import time except
by the caller that asks for a value.
"""

from __future__ import annotations

import os
import re
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


def _worker_routing(raw: str) -> str:
    value = raw.strip().lower()
    if value not in {"board", "kernel"}:
        raise ValueError(f"expected board or kernel, got {raw!r}")
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


def _rate(raw: str) -> str:
    """A django-ratelimit rate: count/period, e.g. 20/10m."""
    count, _, period = raw.strip().partition("/")
    unit = period[-1:]
    multiplier = period[:-1] if unit in {"s", "m", "h", "d"} else period
    if (not count.isdigit() or int(count) <= 0 or unit not in {"s", "m", "h", "d"}
            or (multiplier and (not multiplier.isdigit() or int(multiplier) <= 0))):
        raise ValueError(f"expected count/period such as 20/10m, got {raw!r}")
    return raw.strip()


def _languages(raw: str) -> tuple[tuple[str, str], ...]:
    """Languages offered, as code=Name pairs separated by commas (en=English,zu=isiZulu).

    English must stay: it is the language every string is written in, the fallback for a
    string a catalogue lacks."""
    pairs: list[tuple[str, str]] = []
    for item in raw.split(","):
        code, sep, name = item.strip().partition("=")
        code, name = code.strip().lower(), name.strip()
        if not item.strip():
            continue
        if not sep or not name or not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", code):
            raise ValueError(f"expected code=Name pairs such as en=English,zu=isiZulu, "
                             f"got {item.strip()!r}")
        if code in {c for c, _ in pairs}:
            raise ValueError(f"language {code!r} is listed twice")
        pairs.append((code, name))
    if "en" not in {c for c, _ in pairs}:
        raise ValueError("the languages must include en=English (the source language)")
    return tuple(pairs)


SETTINGS: tuple[Setting, ...] = (
    Setting("DATA_DIR", "./indaba-data",
            "Directory for the embedded SQLite database, uploaded images and the secret key."),
    Setting("DATABASE_URL", "",
            "postgresql://user:pass@host:port/dbname for PostgreSQL; empty = SQLite in DATA_DIR."),
    Setting("REDIS_URL", "",
            "redis://host:6379/0 to fan board updates out between several app nodes that "
            "share one database; empty = a single node."),
    Setting("WORKERS", "1",
            "Worker processes `indaba serve` runs on its one port (each a node of its own: "
            "its own engine, fanned out through Redis); above 1 needs REDIS_URL.",
            _positive_int),
    Setting("WORKER_ROUTING", "board",
            "With several WORKERS: `board` hands each board's WebSockets to the one worker "
            "owning the board (a stable hash of its id), so a board is held and its updates "
            "applied once; `kernel` serves every connection where the kernel put it.",
            _worker_routing),
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
            "Stored updates after which a board's log is merged into its snapshot "
            "(each board adds its own fixed 0-50 % so boards do not compact together).",
            _positive_int),
    Setting("IDLE_UNLOAD_SECONDS", "60",
            "Seconds a board with no clients stays in memory before it is compacted "
            "and unloaded.", _positive_float),
    Setting("AWARENESS_TIMEOUT_SECONDS", "30",
            "Seconds of silence after which a client's presence is removed.", _positive_float),
    Setting("PRESENCE_TICK_MS", "40",
            "Milliseconds over which presence (cursors) is coalesced: each client gets one "
            "message per tick with everyone's newest state. 0 relays every message at once.",
            _non_negative_int),
    Setting("PRESENCE_COALESCE_MIN_CLIENTS", "1",
            "Boards with fewer clients than this relay presence at once instead of "
            "coalescing it.", _positive_int),
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
    Setting("JOIN_GRACE_MINUTES", "30",
            "Minutes after a session's end that its join links keep working, unless the "
            "facilitator gave the link its own expiry or kept it open.", _non_negative_int),
    Setting("JOIN_FAILURES_RATE", "20/10m",
            "Wrong, expired or withdrawn join codes one client address may try (count/period, "
            "period s, m, h or d with an optional multiplier, e.g. 20/10m) before further "
            "tries are refused until the period ends.", _rate),
    Setting("HISTORY_EVERY_MINUTES", "10",
            "While a board is edited, a board version is saved every this many minutes "
            "(only when the board changed since its last version).", _positive_int),
    Setting("HISTORY_KEEP_DAYS", "30",
            "Automatic board versions older than this many days are thinned to one per hour "
            "by `indaba board history-thin` (named and restore versions are always kept).",
            _non_negative_int),
    Setting("EMAIL_HOST", "",
            "SMTP server for invitations and password resets; empty = nothing is sent: each "
            "e-mail is written to a file of its own in DATA_DIR/outbox/ (mode 0600), never "
            "to the log."),
    Setting("EMAIL_PORT", "587", "SMTP port.", _positive_int),
    Setting("EMAIL_HOST_USER", "", "SMTP user name (empty = no authentication)."),
    Setting("EMAIL_HOST_PASSWORD", "", "SMTP password."),
    Setting("EMAIL_USE_TLS", "true", "Use STARTTLS to the SMTP server.", _bool),
    Setting("EMAIL_FROM", "indaba@localhost", "Sender address of e-mails Indaba sends."),
    Setting("LOGIN_FREE_FAILURES", "5",
            "Failed sign-ins for one account (its user name and e-mail count as one) before "
            "each further attempt must wait; unknown names are treated the same way.",
            _positive_int),
    Setting("LOGIN_MAX_DELAY_SECONDS", "300",
            "Longest wait between sign-in attempts for one account: the wait doubles with "
            "each failure past LOGIN_FREE_FAILURES (2, 4, 8 … seconds) up to this.",
            _positive_int),
    Setting("LOGIN_FAILURE_WINDOW_SECONDS", "86400",
            "Failed sign-ins older than this no longer count; a correct password clears "
            "them at once.", _positive_int),
    Setting("EMAIL_CHANGE_SECONDS", "86400",
            "How long the confirmation link sent to a new profile e-mail address works; "
            "the address changes only when it is opened.", _positive_int),
    Setting("RETAIN_ATTENDANCE_DAYS", "365",
            "Days after a session ends that its attendance keeps names; then each row keeps "
            "only its presence (in the room / online), so counts stay. 0 = keep names.",
            _non_negative_int),
    Setting("RETAIN_ACTIVITY_DAYS", "365",
            "Days an activity event (note, vote, reaction) keeps who did it; then only its "
            "kind, board and time stay. 0 = keep who.", _non_negative_int),
    Setting("RETAIN_VOTES_DAYS", "30",
            "Days after a vote that it keeps its voter (counts per note stay) and that private "
            "brainstorm notes are kept (revealed ones are on the board). 0 = keep.",
            _non_negative_int),
    Setting("RETAIN_LOGIN_FAILURES_DAYS", "30",
            "Days failed sign-ins (the name typed and the address) are kept. 0 = keep.",
            _non_negative_int),
    Setting("RETAIN_ACCESS_TOKENS_DAYS", "365",
            "Days after a board access token expired or was revoked that it (and the display "
            "name it carries) is kept. 0 = keep.", _non_negative_int),
    Setting("RETAIN_JOIN_LINKS_DAYS", "90",
            "Days after a join link or code expired, was revoked or its session ended, and "
            "after an invitation expired or was accepted, that it is kept. 0 = keep.",
            _non_negative_int),
    Setting("RETAIN_OUTBOX_DAYS", "30",
            "Days an e-mail written to DATA_DIR/outbox (no SMTP server set) is kept. 0 = keep.",
            _non_negative_int),
    Setting("RETENTION_RUN_HOURS", "24",
            "`indaba serve` applies the retention policy this many hours apart (the first "
            "run a minute after start); 0 = only `indaba retention run`.", _non_negative_int),
    Setting("ACCESS_LOG", "false",
            "Write an HTTP access log line per request to standard output (tokens, keys and "
            "codes in URLs masked).", _bool),
    Setting("TRUSTED_PROXIES", "127.0.0.1,::1",
            "Comma-separated addresses of reverse proxies whose X-Forwarded-Proto and "
            "X-Forwarded-For headers are believed (`*` = any: only when nothing else can "
            "reach the server); empty = those headers are ignored."),
    Setting("HSTS_SECONDS", "31536000",
            "When PUBLIC_URL is https: Strict-Transport-Security max-age sent on HTTPS "
            "responses (0 = no HSTS header).", _non_negative_int),
    Setting("MAX_REQUEST_BYTES", "1048576",
            "Largest request body accepted on any route without a limit of its own (bytes); "
            "larger ones are refused with 413 before they are read.", _positive_int),
    Setting("MAX_IMPORT_BYTES", "33554432",
            "Largest board file `indaba board import` accepts (bytes); its board document "
            "must also fit in half of MAX_DOCUMENT_BYTES, leaving room for edits.",
            _positive_int),
    Setting("BOARD_IMAGE_QUOTA_BYTES", "104857600",
            "Total bytes of images one board may hold; an upload or import beyond it is "
            "refused (413).", _positive_int),
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
    Setting("LANGUAGES", "en=English,zu=isiZulu,af=Afrikaans",
            "Languages people may choose (profile, footer) or get from their browser, as "
            "comma-separated code=Name pairs; each needs a catalogue in src/indaba/locale "
            "(docs/languages.md).", _languages),
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

"""The hash chain itself, with no Django: canonical JSON, entry hashes, the genesis value.

    hash = SHA-256(DOMAIN_TAG ‖ previous hash (32 bytes) ‖ canonical JSON of the entry)

The entry's canonical JSON holds its sequence number, time, actor, action, object and the
SHA-256 digest of its payload's canonical JSON; the payload itself (personal data) is stored
beside the chain and can be redacted without breaking it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

DOMAIN_TAG = b"indaba.audit.entry.v1\x00"
GENESIS = hashlib.sha256(b"indaba.audit.genesis.v1").hexdigest()
REDACTED: dict[str, Any] = {"redacted": True}


class NotCanonical(TypeError):
    """A value that has no single canonical JSON form (floats, naive times, odd keys)."""


def utc_iso(moment: datetime) -> str:
    """A time as UTC ISO 8601 with microseconds and a Z: one spelling per instant."""
    if moment.tzinfo is None:
        raise NotCanonical("naive datetime: audit times must carry a time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        # 0.1 + 0.2, -0.0, NaN: floats print differently across languages. Say what you mean.
        raise NotCanonical("floats are not canonical: pass a string or an integer")
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise NotCanonical(f"object keys must be strings, got {key!r}")
            out[key] = _plain(item)
        return out
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    raise NotCanonical(f"{type(value).__name__} has no canonical JSON form")


def canonical(value: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8, UTC times, no floats."""
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False).encode("utf-8")


def digest(payload: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(payload)).hexdigest()


def entry_body(*, seq: int, at: datetime | str, actor: str, action: str, object_type: str,
               object_id: str, payload_digest: str) -> dict[str, Any]:
    return {"seq": seq, "at": at if isinstance(at, str) else utc_iso(at), "actor": actor,
            "action": action, "object_type": object_type, "object_id": object_id,
            "payload_digest": payload_digest}


def entry_hash(prev_hash: str, body: Mapping[str, Any]) -> str:
    return hashlib.sha256(DOMAIN_TAG + bytes.fromhex(prev_hash) + canonical(body)).hexdigest()

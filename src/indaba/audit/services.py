"""Recording, redacting, verifying and exporting the audit trail (docs/audit.md).

Every app records through `record(action, obj=(type, id), payload={...})`; the actor comes
from the request or command (`indaba.audit.context`) unless given. Personal data goes in
the payload, never in the action or the object reference."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import connection, transaction
from django.utils import timezone

from indaba import config
from indaba.audit import chain, checkpoints, context
from indaba.audit.models import Entry, Head, Payload
from indaba.common.errors import Invalid

log = logging.getLogger("indaba.audit")

ACTION = re.compile(r"^[a-z][a-z_]*(?:\.[a-z][a-z_]*)+$")
OBJECT_TYPE = re.compile(r"^[a-z][a-z_]{0,39}$")
REDACT_ACTION = "audit.redact"


def email_ref(email: str) -> str:
    """A subject reference for an e-mail address that does not spell it out."""
    return "email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def person_refs(user: Any) -> list[str]:
    """The subject references under which a person's entries are found."""
    refs = [f"user:{user.pk}"]
    if getattr(user, "email", ""):
        refs.append(email_ref(user.email))
    return refs


def record(action: str, *, obj: tuple[str, object] | None = None,
           payload: Mapping[str, Any] | None = None, actor: str | None = None,
           subjects: Iterable[str] = ()) -> int:
    """Append one event; returns its sequence number. Inside a caller's transaction the
    entry commits (or rolls back) with it. `subjects` names the people the payload is
    about (besides an acting user and a `user` object, which are added)."""
    if not ACTION.match(action):
        raise Invalid(f"audit action must be a dotted lower-case name, got {action!r}")
    acting = context.current()
    who = actor or (acting.actor() if acting is not None else "system")
    if not context.ACTOR.match(who):
        raise Invalid(f"not an actor reference: {who!r}")
    data = dict(payload or {})
    if acting is not None and acting.ip and "ip" not in data:
        data["ip"] = acting.ip
    refs = set(subjects)
    if any(not ref or ref != "".join(ref.split()) for ref in refs):
        raise Invalid(f"subject references are single words, got {sorted(refs)!r}")
    if who.startswith("user:"):
        refs.add(who)
    object_type, object_id = (obj[0], "" if obj[1] is None else str(obj[1])) if obj else ("", "")
    if object_type == "user" and object_id:
        refs.add(f"user:{object_id}")
    return _append(action, who, object_type, object_id, data, refs)


def _locked_head() -> Head:
    """The chain's head row, locked for this transaction. The migration makes it; should it
    be missing (a test database flushed between tests) it starts again at the genesis,
    which is only consistent with an empty log: over a non-empty one the next append fails
    on the duplicate sequence number, loudly."""
    head, _ = Head.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "hash": chain.GENESIS})
    return head


def _append(action: str, actor: str, object_type: str, object_id: str,
            data: Mapping[str, Any], subjects: Iterable[str]) -> int:
    if object_type and not OBJECT_TYPE.match(object_type):
        raise Invalid(f"audit object type must be a lower-case word, got {object_type!r}")
    if len(object_id) > 80:
        raise Invalid("audit object id longer than 80 characters")
    body_bytes = chain.canonical(data)
    payload_digest = hashlib.sha256(body_bytes).hexdigest()
    with transaction.atomic():
        # PostgreSQL: waits here for the writer before us. SQLite: the IMMEDIATE
        # transaction already holds the database's write lock.
        head = _locked_head()
        now = timezone.now()
        seq = head.seq + 1
        body = chain.entry_body(seq=seq, at=now, actor=actor, action=action,
                                object_type=object_type, object_id=object_id,
                                payload_digest=payload_digest)
        entry_hash = chain.entry_hash(head.hash, body)
        Entry.objects.create(seq=seq, at=now, actor=actor, action=action,
                             object_type=object_type, object_id=object_id,
                             payload_digest=payload_digest, prev_hash=head.hash,
                             hash=entry_hash)
        Payload.objects.create(seq=seq, data=body_bytes.decode("utf-8"),
                               subjects=" " + "".join(f"{s} " for s in sorted(set(subjects))))
        head.seq, head.hash = seq, entry_hash
        due = _checkpoint_due(head.checkpoint_at, now)
        if due:
            head.checkpoint_at = now
        head.save()
        if due:
            transaction.on_commit(partial(_write_automatic_checkpoint, seq, entry_hash, now),
                                  robust=True)
    return seq


def _checkpoint_due(last: datetime | None, now: datetime) -> bool:
    minutes: int = config.get("AUDIT_CHECKPOINT_MINUTES")
    return minutes > 0 and (last is None or now - last >= timedelta(minutes=minutes))


def _write_automatic_checkpoint(seq: int, head_hash: str, at: datetime) -> None:
    path = checkpoints.write_automatic(checkpoints.sign(seq, head_hash, at))
    log.info("audit checkpoint at %s written to %s", seq, path)


def checkpoint(out: Path | None = None) -> dict[str, Any]:
    """Sign the current head, write it (to `out`, else the automatic checkpoint file) and
    append the head to the log as an `audit.checkpoint` event."""
    with transaction.atomic():
        head = _locked_head()
        body = checkpoints.sign(head.seq, head.hash, timezone.now())
        record("audit.checkpoint", obj=("checkpoint", head.seq),
               payload={"sequence": head.seq, "hash": head.hash, "key_id": body["key_id"]})
    if out is None:
        checkpoints.write_automatic(body)
    else:
        checkpoints.write(body, out)
    return body


def redact(refs: Iterable[str]) -> list[int]:
    """Replace the payloads of the entries about these people (see `person_refs`) by a
    redaction marker. The chain still verifies (it covers payloads only through their
    digest); the verifier reports these entries as redacted. Returns their sequence
    numbers; an `audit.redact` event lists them."""
    wanted = sorted(set(refs))
    if not wanted:
        return []
    with transaction.atomic():
        _locked_head()  # one redaction or append at a time
        found: set[int] = set()
        for ref in wanted:
            found.update(Payload.objects.filter(redacted_at__isnull=True,
                                                subjects__contains=f" {ref} ")
                         .values_list("seq", flat=True))
        seqs = sorted(found)
        if not seqs:
            return []
        Payload.objects.filter(seq__in=seqs).update(
            data=chain.canonical(chain.REDACTED).decode(), subjects=" ",
            redacted_at=timezone.now())
        acting = context.current()
        _append(REDACT_ACTION, acting.actor() if acting else "system", "subject", wanted[0],
                {"sequences": seqs, "subjects": len(wanted)}, ())
    return seqs


# -- verification ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str  # hash mismatch | gap | reorder | inserted | broken link | payload changed | …
    detail: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.kind}: {self.detail}"


@dataclass(frozen=True)
class Report:
    entries: int
    redacted: int
    problem: Problem | None
    checkpoint: checkpoints.Checkpoint | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


TRIGGERS = {"sqlite": {"audit_entry_no_update", "audit_entry_no_delete"},
            "postgresql": {"audit_entry_no_change", "audit_entry_no_truncate"}}


def missing_triggers() -> list[str]:
    """The append-only triggers the migration created that are no longer there (someone
    with database access dropped them: the log may have been changed meanwhile)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                           "tbl_name = 'audit_entry'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = "
                           "'audit_entry'::regclass AND tgenabled <> 'D'")
        present = {row[0] for row in cursor.fetchall()}
    return sorted(TRIGGERS.get(connection.vendor, set()) - present)


def trusted_key() -> Ed25519PublicKey:
    return checkpoints.load_key(create=False).public_key()


def verify(checkpoint_body: Mapping[str, Any] | None = None,
           trusted: Ed25519PublicKey | None = None) -> Report:
    """Walk the chain from the genesis value and name the first bad entry; with a signed
    checkpoint, also catch a log that ends before it (truncation) or disagrees with it."""
    rows = list(Entry.objects.order_by("seq").values_list(
        "seq", "at", "actor", "action", "object_type", "object_id", "payload_digest",
        "prev_hash", "hash"))
    payloads = {seq: (data, redacted_at) for seq, data, redacted_at in
                Payload.objects.values_list("seq", "data", "redacted_at")}
    position = {row[8]: row[0] for row in rows}  # hash -> seq, to tell what moved

    cp = None
    if checkpoint_body is not None:
        claimed = checkpoint_body.get("sequence")
        try:
            cp = checkpoints.verify(dict(checkpoint_body), trusted or trusted_key())
        except checkpoints.CheckpointError as exc:
            return Report(len(rows), 0, Problem(claimed if isinstance(claimed, int) else 0,
                                                "bad checkpoint", str(exc)))

    redacted: list[int] = []
    covered: set[int] = set()
    prev, expected = chain.GENESIS, 1
    for seq, at, actor, action, object_type, object_id, pdigest, prev_hash, stored in rows:
        body = chain.entry_body(seq=seq, at=at, actor=actor, action=action,
                                object_type=object_type, object_id=object_id,
                                payload_digest=pdigest)
        intact = chain.entry_hash(prev_hash, body) == stored
        problem = _check_position(seq, expected, prev, prev_hash, position, intact)
        if problem is not None:
            return Report(len(rows), len(redacted), problem, cp)
        if not intact:
            return Report(len(rows), len(redacted), Problem(
                seq, "hash mismatch", "a field of this entry was changed after it was written"),
                cp)
        data, redacted_at = payloads.get(seq, (None, None))
        if data is None:
            return Report(len(rows), len(redacted),
                          Problem(seq, "payload missing", "its payload row is gone"), cp)
        if redacted_at is not None:
            redacted.append(seq)
        elif hashlib.sha256(data.encode("utf-8")).hexdigest() != pdigest:
            return Report(len(rows), len(redacted), Problem(
                seq, "payload changed", "the payload does not match the digest in the chain"),
                cp)
        elif action == REDACT_ACTION:
            covered.update(_listed(data))
        prev, expected = stored, expected + 1

    unexplained = [seq for seq in redacted if seq not in covered]
    if unexplained:
        return Report(len(rows), len(redacted), Problem(
            unexplained[0], "unrecorded redaction",
            "the payload is marked redacted but no audit.redact entry lists it"), cp)
    if cp is not None:
        problem = _against_checkpoint(cp, rows)
        if problem is not None:
            return Report(len(rows), len(redacted), problem, cp)
    return Report(len(rows), len(redacted), None, cp)


def _check_position(seq: int, expected: int, prev: str, prev_hash: str,
                    position: Mapping[str, int], intact: bool) -> Problem | None:
    """Is this entry where it was written? `intact`: its own hash still matches its fields
    (and the predecessor hash it names)."""
    if seq > expected:
        return Problem(expected, "gap", f"entry {expected} is missing (the log goes on at "
                                        f"{seq})")
    if seq < expected:  # only possible if the primary key was dropped too
        return Problem(seq, "duplicate", f"sequence number {seq} appears twice")
    if prev_hash == prev:
        return None
    if seq == 1:
        return Problem(1, "hash mismatch", "the first entry does not chain from the genesis "
                                           "value")
    follows = position.get(prev_hash)
    if follows is not None and follows > seq:
        return Problem(seq, "reorder", f"this entry was written after entry {follows} but "
                                       "stands before it")
    if follows is not None and follows < seq - 1:
        return Problem(follows + 1, "inserted",
                       f"entries {follows + 1}..{seq - 1} were not in the chain: entry {seq} "
                       f"was written right after entry {follows}")
    if intact:  # this one is untouched: the one before it was rewritten, hash and all
        return Problem(seq - 1, "hash mismatch",
                       f"this entry was rewritten (its hash recomputed): entry {seq} was "
                       "written after an entry with another hash")
    return Problem(seq, "gap", f"the entry written before this one is gone and the entries "
                               f"from {seq} on were renumbered")


def _against_checkpoint(cp: checkpoints.Checkpoint,
                        rows: list[tuple[Any, ...]]) -> Problem | None:
    last = rows[-1][0] if rows else 0
    if cp.sequence > last:
        return Problem(last + 1, "truncated", f"the log ends at entry {last} but a signed "
                                              f"checkpoint vouches for entry {cp.sequence}")
    head = rows[cp.sequence - 1][8] if cp.sequence > 0 else chain.GENESIS
    if head != cp.hash:
        return Problem(cp.sequence, "checkpoint mismatch",
                       "this entry's hash differs from the signed checkpoint (history "
                       "rewritten up to here)")
    return None


def _listed(data: str) -> list[int]:
    try:
        listed = json.loads(data).get("sequences", [])
    except (ValueError, AttributeError):
        return []
    return [s for s in listed if isinstance(s, int)] if isinstance(listed, list) else []


# -- reading ----------------------------------------------------------------------------------

def export_rows() -> Iterator[dict[str, Any]]:
    """Every entry with its payload (null once redacted), oldest first, 1000 at a time."""
    last = 0
    while True:
        batch = list(Entry.objects.filter(seq__gt=last).order_by("seq")[:1000])
        if not batch:
            return
        yield from _with_payloads(batch)
        last = batch[-1].seq


def export_entries(seqs: Iterable[int]) -> Iterator[dict[str, Any]]:
    """These entries (by sequence number) in the shape of `export_rows`."""
    wanted = sorted(set(seqs))
    for start in range(0, len(wanted), 1000):
        yield from _with_payloads(list(Entry.objects.filter(
            seq__in=wanted[start:start + 1000]).order_by("seq")))


def _with_payloads(batch: list[Entry]) -> Iterator[dict[str, Any]]:
    payloads = Payload.objects.in_bulk([e.seq for e in batch])
    for entry in batch:
        payload = payloads.get(entry.seq)
        redacted = payload is None or payload.redacted_at is not None
        yield {**as_json(entry), "redacted": redacted,
               "payload": None if redacted or payload is None else json.loads(payload.data)}


def as_json(entry: Entry) -> dict[str, Any]:
    return {"seq": entry.seq, "at": chain.utc_iso(entry.at), "actor": entry.actor,
            "action": entry.action,
            "object": {"type": entry.object_type, "id": entry.object_id},
            "payload_digest": entry.payload_digest, "prev_hash": entry.prev_hash,
            "hash": entry.hash}

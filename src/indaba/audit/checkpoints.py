"""Signed checkpoints of the chain's head, with an Ed25519 key kept outside the database.

A checkpoint says "entry `sequence` had hash `hash`" and is signed: someone who can write
the database but not read the key cannot make a log that ends earlier (truncation) or that
rewrote history up to that point agree with it. No Django models here."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from indaba import config
from indaba.audit.chain import canonical, utc_iso

FORMAT = "indaba-audit-checkpoint/1"
SIGNING_TAG = b"indaba.audit.checkpoint.v1\x00"


class CheckpointError(ValueError):
    """A checkpoint that cannot be read or whose signature does not verify."""


def audit_dir() -> Path:
    return config.data_dir() / "audit"


def key_path() -> Path:
    configured: str = config.get("AUDIT_KEY_FILE")
    return Path(configured).expanduser() if configured else audit_dir() / "signing-key.pem"


def automatic_checkpoint_path() -> Path:
    return audit_dir() / "checkpoint.json"


def _write_new_key(path: Path) -> None:
    """Create the key file 0600 once; with several processes racing, the first link wins
    and everyone reads that one (no one ever sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        os.unlink(tmp)


def load_key(create: bool = True) -> Ed25519PrivateKey:
    path = key_path()
    if not path.exists():
        if not create:
            raise CheckpointError(f"no audit signing key at {path}")
        _write_new_key(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path} is not an Ed25519 private key")
    return key


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_text(key: Ed25519PublicKey) -> str:
    return base64.b64encode(_raw_public(key)).decode()


def public_key_from_text(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip(), validate=True))
    except ValueError:
        raise CheckpointError("not an Ed25519 public key (base64 of 32 bytes)") from None


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(_raw_public(key)).hexdigest()[:16]


def _signed_part(body: dict[str, Any]) -> bytes:
    return SIGNING_TAG + canonical({k: body[k] for k in ("format", "sequence", "hash", "at",
                                                         "key_id")})


def sign(sequence: int, head_hash: str, at: datetime) -> dict[str, Any]:
    key = load_key()
    public = key.public_key()
    body: dict[str, Any] = {"format": FORMAT, "sequence": sequence, "hash": head_hash,
                            "at": utc_iso(at), "key_id": key_id(public)}
    body["public_key"] = public_key_text(public)
    body["signature"] = base64.b64encode(key.sign(_signed_part(body))).decode()
    return body


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    at: str


def verify(body: dict[str, Any], trusted: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint if `trusted` signed it; CheckpointError otherwise. The public key in
    the file is informative only: an attacker could sign with a key of their own."""
    try:
        if body.get("format") != FORMAT:
            raise CheckpointError(f"not a checkpoint (format {body.get('format')!r})")
        sequence, head_hash = body["sequence"], body["hash"]
        if not isinstance(sequence, int) or not isinstance(head_hash, str):
            raise CheckpointError("checkpoint sequence or hash malformed")
        signature = base64.b64decode(body["signature"], validate=True)
        signed = _signed_part(body)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, CheckpointError):
            raise
        raise CheckpointError(f"checkpoint malformed: {exc}") from None
    if body["key_id"] != key_id(trusted):
        raise CheckpointError("bad checkpoint signature: signed by another key "
                              f"({body['key_id']}, expected {key_id(trusted)})")
    try:
        trusted.verify(signature, signed)
    except InvalidSignature:
        raise CheckpointError("bad checkpoint signature") from None
    return Checkpoint(sequence, head_hash, str(body["at"]))


def read(path: Path) -> dict[str, Any]:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CheckpointError(f"cannot read checkpoint {path}: {exc}") from None
    if not isinstance(body, dict):
        raise CheckpointError(f"{path} is not a checkpoint")
    return body


def write(body: dict[str, Any], path: Path) -> None:
    """Replace `path` atomically (readers never see half a checkpoint)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".checkpoint-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(body, indent=2, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        # Readable by others only outside the data directory (a copy made to hand out with
        # --out): nothing in the data directory is (docs/operations.md, data directory).
        inside = path.resolve().is_relative_to(config.data_dir())
        os.chmod(tmp, 0o600 if inside else 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_automatic(body: dict[str, Any]) -> Path:
    """The latest automatic checkpoint, plus one line per checkpoint in a history file."""
    path = automatic_checkpoint_path()
    write(body, path)
    with (path.parent / "checkpoints.jsonl").open("a", encoding="utf-8") as history:
        history.write(json.dumps(body, sort_keys=True) + "\n")
    return path

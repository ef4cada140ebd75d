"""The audit checkpoint printed on a report: the latest signed checkpoint of the audit
trail written to the data directory (automatically, or by `indaba audit checkpoint`),
checked against the installation's key. A report says which point of the tamper-evident
log it was made after; "" when there is no checkpoint yet."""

from __future__ import annotations

from indaba.audit import checkpoints


def latest_line() -> str:
    path = checkpoints.automatic_checkpoint_path()
    if not path.exists():
        return ""
    try:
        body = checkpoints.read(path)
        trusted = checkpoints.load_key(create=False).public_key()
        point = checkpoints.verify(body, trusted)
    except checkpoints.CheckpointError as exc:
        return f"Audit checkpoint does not verify: {exc}"
    return (f"Audit trail checkpoint: entry {point.sequence}, hash {point.hash[:16]}, "
            f"signed {point.at} (key {body['key_id']})")

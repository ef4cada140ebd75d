"""The log (`Entry`, append-only: database triggers refuse UPDATE and DELETE), the payloads
beside it (`Payload`, redactable) and the one-row head that serialises appends."""

from __future__ import annotations

from django.db import models


class Entry(models.Model):
    seq = models.PositiveBigIntegerField(primary_key=True)
    at = models.DateTimeField(db_index=True)
    actor = models.CharField(max_length=80, db_index=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=80)
    payload_digest = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        db_table = "audit_entry"
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} by {self.actor}"


class Payload(models.Model):
    """Personal data of one entry (names, e-mails, free text): covered by the chain only
    through `Entry.payload_digest`, so it can be replaced by a redaction marker."""

    seq = models.PositiveBigIntegerField(primary_key=True)
    data = models.TextField()  # canonical JSON
    # Space-separated references of the people the payload is about (" user:5 email:… "),
    # so that `redact` finds their entries.
    subjects = models.TextField(default=" ")
    redacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "audit_payload"

    def __str__(self) -> str:
        return f"payload #{self.seq}"


class Head(models.Model):
    """One row (id 1): the last sequence number and hash. Appends lock it (SELECT … FOR
    UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE locks the whole database)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    checkpoint_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "audit_head"

    def __str__(self) -> str:
        return f"head #{self.seq}"

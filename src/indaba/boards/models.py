"""Boards and the access tokens that open them. Board content lives in the sync store."""

from __future__ import annotations

import secrets
import string

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indaba.sync.auth import Role

_ID_ALPHABET = string.ascii_letters + string.digits


def new_board_id() -> str:
    # Letters and digits only: an id that began with "-" would read as an option on the CLI.
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(12))  # about 71 random bits


def new_token_id() -> str:
    return secrets.token_urlsafe(12)


class Board(models.Model):
    id = models.CharField(primary_key=True, max_length=32, default=new_board_id, editable=False)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="boards_created",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.id})"

    def get_absolute_url(self) -> str:
        return f"/boards/{self.id}"


class BoardImage(models.Model):
    """An image that belongs to a board. The bytes are stored once by their SHA-256
    (`boards.images.ImageStore`); this row is what lets a board's URL serve them: an image
    uploaded to one board is not served under another's, even to someone who knows its
    hash. Its size counts towards the board's image quota."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="images")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "sha256"],
                                               name="boards_image_once_per_board")]

    def __str__(self) -> str:
        return f"image {self.sha256[:12]} of {self.board_id}"


class BoardRole(models.TextChoices):
    """The sync engine's roles (`indaba.sync.auth.Role`) as a model field's choices."""

    EDITOR = Role.EDITOR.value, "Editor"
    VIEWER = Role.VIEWER.value, "Viewer"


class BoardAccessToken(models.Model):
    """One grant of access to one board; the signed token a link carries names it."""

    id = models.CharField(primary_key=True, max_length=32, default=new_token_id, editable=False)
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="access_tokens")
    role = models.CharField(max_length=10, choices=BoardRole.choices)
    name = models.CharField(max_length=80, help_text="Display name shown to others on the board")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="board_tokens",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["board", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.role} token {self.id} for {self.board_id}"

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class VersionReason(models.TextChoices):
    """Why a board version was saved (docs/history.md)."""

    SESSION_START = "session_start", _("Session started")
    BRAINSTORM_START = "brainstorm_start", _("Brainstorm started")
    BRAINSTORM_END = "brainstorm_end", _("Brainstorm revealed")
    VOTE_START = "vote_start", _("Vote started")
    VOTE_REVEAL = "vote_reveal", _("Vote revealed")
    SESSION_END = "session_end", _("Session ended")
    PERIODIC = "periodic", _("Saved while editing")
    NAMED = "named", _("Named version")
    BEFORE_RESTORE = "before_restore", _("Before restoring")
    RESTORE = "restore", _("Restored")


class BoardVersion(models.Model):
    """The board's elements and files as they were at one moment: zlib-compressed JSON
    `{"elements": [...], "files": {...}}` (live elements only, in drawing order)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=20, choices=VersionReason.choices)
    name = models.CharField(max_length=120, blank=True)
    # Who: the display name ("system" for automatic versions) and the account, if any.
    actor_name = models.CharField(max_length=120, default="system")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    # An automatic moment ("vote:<round>:start", "session:<id>:end") is saved once.
    moment = models.CharField(max_length=80, blank=True)
    element_count = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)  # SHA-256 of the canonical JSON content
    content = models.BinaryField()
    # For a restore: the version it brought back.
    restored_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["board", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="board_version_number"),
            models.UniqueConstraint(fields=["board", "moment"], condition=~models.Q(moment=""),
                                    name="board_version_moment_once"),
        ]
        indexes = [models.Index(fields=["reason", "created_at"])]

    def __str__(self) -> str:
        return f"{self.board_id} v{self.number} ({self.reason})"

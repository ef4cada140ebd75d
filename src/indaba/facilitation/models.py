"""Server-side facilitation records: activity events, unrevealed votes, private notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from indaba.boards import schema
from indaba.boards.models import Board


class EventKind(models.TextChoices):
    NOTE = "note", "Wrote a sticky note"
    VOTE = "vote", "Cast a vote"
    UNVOTE = "unvote", "Took a vote back"
    REACTION = "reaction", "Reacted"


class ActivityEvent(models.Model):
    """One countable act on a board (the evidence reports and the engagement panel read
    these). A note is recorded once per element id."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="activity")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    actor_token_id = models.CharField(max_length=32, blank=True)
    actor_name = models.CharField(max_length=80, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    element_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=32, blank=True, help_text="e.g. the reaction emoji")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["board", "kind"])]
        # A note without an element id is one revealed by an anonymous brainstorm: it is
        # counted for its author, but nothing ties the author to the note.
        constraints = [models.UniqueConstraint(
            fields=["board", "element_id"],
            condition=models.Q(kind="note") & ~models.Q(element_id=""),
            name="one_note_event_per_element")]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.kind} on {self.board_id}"


class Vote(models.Model):
    """One dot of a dot vote; invisible to everyone until the facilitator reveals.

    In an anonymous round `token_id` holds a keyed hash of the voter (voting.voter_key)
    and `name` is empty: the per-person limit works while the round is open, and once its
    key is dropped (at the reveal) nobody can tell who voted for what."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    round_id = models.CharField(max_length=32)
    element_id = models.CharField(max_length=64)
    token_id = models.CharField(max_length=64, help_text="the voter's token id, or in an "
                                "anonymous round a keyed hash of it")
    name = models.CharField(max_length=80, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["board", "round_id", "token_id"])]

    def __str__(self) -> str:
        return f"vote on {self.element_id} ({self.round_id})"


class PrivateNote(models.Model):
    """A note written during a private brainstorm: only its author sees it until reveal.
    An anonymous brainstorm's reveal empties `token_id`, `name` and `user`."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    round_id = models.CharField(max_length=32)
    token_id = models.CharField(max_length=32, blank=True)
    name = models.CharField(max_length=80, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    text = models.CharField(max_length=500)
    color = models.CharField(max_length=7, default=schema.default_note_background)
    created_at = models.DateTimeField(default=timezone.now)
    element_id = models.CharField(max_length=64, blank=True, help_text="set on reveal")

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["board", "round_id", "token_id"])]

    def __str__(self) -> str:
        return f"private note by {self.name} ({self.round_id})"


class VoteRound(models.Model):
    """One dot vote as started; `revealed_at` is set when its results were published, so
    a results page can count the rounds people saw and never an unrevealed one."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    round_id = models.CharField(max_length=32)
    frame_id = models.CharField(max_length=64, blank=True)
    votes_per_person = models.PositiveIntegerField()
    anonymous = models.BooleanField(default=True)
    # The HMAC key of an anonymous round's voter hashes: random, kept only while the round
    # may still take votes and emptied at the reveal (or when the next round starts).
    voter_salt = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["board", "round_id"],
                                               name="one_vote_round_per_id")]

    def __str__(self) -> str:
        return f"vote round {self.round_id} on {self.board_id}"

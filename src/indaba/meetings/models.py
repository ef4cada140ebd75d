"""Sessions (meetings) of a community: agenda, registration, join links and attendance."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indaba.boards.models import Board, BoardAccessToken, BoardRole
from indaba.communities.models import Community
from indaba.meetings import board_templates

# No 0/O, 1/I/L: a code read off a projector is typed without guessing.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


# Links and QR codes carry a key nobody types, too long to guess (192 random bits); the
# short code is for reading off the projector, and guessing it is rate-limited.
KEY_BYTES = 24


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_join_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in the room and online)")


class Phase(models.TextChoices):
    """Where a session stands in time. Joining and attendance happen only while OPEN."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open now")
    PAST = "past", _("Ended")


def join_grace() -> timedelta:
    """How long after a session's end its join links keep working by default (a setting)."""
    return timedelta(minutes=int(settings.INDABA_LIMITS["join_grace_minutes"]))


def attendance_margin() -> timedelta:
    """How long before the start and after the end a session is open (a setting)."""
    return timedelta(minutes=int(settings.INDABA_LIMITS["attendance_margin_minutes"]))


class Session(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.HYBRID)
    venue = models.CharField(max_length=200, blank=True)
    online_url = models.URLField("online meeting link", blank=True)
    registration_required = models.BooleanField(
        default=False, help_text=_("People register before the session."))
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Most registrations accepted; empty = no limit."))
    template = models.CharField("board template", max_length=30, default="blank",
                                choices=board_templates.CHOICES)
    board = models.OneToOneField(Board, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="session")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_at"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="session_ends_after_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/sessions/{self.pk}/"

    @property
    def opens_at(self) -> datetime:
        return self.starts_at - attendance_margin()

    @property
    def closes_at(self) -> datetime:
        return self.ends_at + attendance_margin()

    def phase(self, now: datetime | None = None) -> Phase:
        moment = now or timezone.now()
        if moment < self.opens_at:
            return Phase.UPCOMING
        if moment > self.closes_at:
            return Phase.PAST
        return Phase.OPEN

    @property
    def current_phase(self) -> Phase:
        """`phase()` now, for templates."""
        return self.phase()

    @property
    def has_room(self) -> bool:
        return self.mode in (Mode.IN_PERSON, Mode.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.mode in (Mode.ONLINE, Mode.HYBRID)


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField(default=0)
    starts_at = models.TimeField("start time", null=True, blank=True)
    minutes = models.PositiveIntegerField("duration (minutes)", null=True, blank=True)
    title = models.CharField(max_length=200)
    speaker = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["position", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="registrations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"],
                                               name="one_registration_per_person")]

    def __str__(self) -> str:
        return f"{self.user} for {self.session}"


class JoinLink(models.Model):
    """A short code to type, and a long key for the link and QR code, that admit people to
    a session.

    A link ends with its session (plus JOIN_GRACE_MINUTES) unless the facilitator gave it
    its own expiry (`expires_at`) or kept it open until withdrawn (`keep_open`)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="join_links")
    code = models.CharField(max_length=12, unique=True, default=new_join_code)
    key = models.CharField(max_length=64, unique=True, default=new_join_key)
    keep_open = models.BooleanField(
        default=False, help_text="Works after the session ends, until withdrawn.")
    role = models.CharField("board role", max_length=10, choices=BoardRole.choices,
                            default=BoardRole.EDITOR)
    allow_guests = models.BooleanField(
        default=True, help_text="People without an account may join with a display name.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The code that replaced this one, when people who joined with this one "
                  "are offered it to rejoin.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"join code {self.code} for {self.session}"

    @property
    def ends_at(self) -> datetime | None:
        """When this link stops admitting people; None = only when withdrawn."""
        if self.expires_at is not None:
            return self.expires_at
        if self.keep_open:
            return None
        return self.session.ends_at + join_grace()

    @property
    def outlives_session(self) -> bool:
        """The facilitator chose this link's lifetime: it may admit people after the
        session's joining window has closed."""
        return self.expires_at is not None or self.keep_open

    @property
    def is_active(self) -> bool:
        ends = self.ends_at
        return self.revoked_at is None and (ends is None or ends > timezone.now())

    @property
    def display_code(self) -> str:
        return f"{self.code[:3]} {self.code[3:]}"


class Presence(models.TextChoices):
    IN_ROOM = "in_room", _("In the room")
    ONLINE = "online", _("Online")


class JoinMethod(models.TextChoices):
    CODE = "code", _("Typed the join code")
    LINK = "link", _("Opened the join link or QR code")
    MEMBER = "member", _("From the session page (member)")


class Attendance(models.Model):
    """One join of a session by a person (account) or a guest (display name only)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="attendance")
    name = models.CharField("display name", max_length=80)
    presence = models.CharField(max_length=8, choices=Presence.choices)
    method = models.CharField(max_length=8, choices=JoinMethod.choices)
    join_link = models.ForeignKey(JoinLink, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="attendance")
    token = models.OneToOneField(BoardAccessToken, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="attendance")
    joined_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(null=True, blank=True,
                                        help_text="Last time the board connection was seen.")
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        indexes = [models.Index(fields=["session", "presence"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.presence}) at {self.session}"

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class ActionItem(models.Model):
    """A follow-up agreed in the session, with the person who owns it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField("action", max_length=300)
    owner = models.CharField(max_length=120, help_text="Who will do it (a name).")
    due = models.DateField("due date", null=True, blank=True)
    note_id = models.CharField(max_length=64, blank=True,
                               help_text="The board note it came from, if any.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.text} ({self.owner})"

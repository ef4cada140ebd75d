"""Why a facilitation request was refused, as types that carry their HTTP status
(views answer `error.status`; the message is shown to the person)."""

from __future__ import annotations

from indaba.common.errors import Conflict, Invalid, NotFound


class BadInput(Invalid):
    """A field is missing, of the wrong type or out of range (400)."""


class NotNow(Conflict):
    """The workshop is not in a state that allows this: no vote open, already on (409)."""


class UsedUp(Conflict):
    """The person has used what they were given (all their votes) (409)."""


class NotYours(NotFound):
    """No such thing of this person's: a note, a vote, a frame (404)."""

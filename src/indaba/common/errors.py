"""Domain errors that carry their HTTP status, the way `AccessDenied` carries its close
code: a view answers `error.status` and the message, and rewording a message never changes
the API. Raise the subclass that says what went wrong, not a status."""

from __future__ import annotations

from typing import ClassVar


class DomainError(ValueError):
    """A request that cannot be carried out; the message says why (shown to the person)."""

    status: ClassVar[int] = 400


class Invalid(DomainError):
    """The input is malformed or out of range."""

    status = 400


class Forbidden(DomainError):
    """The person may not do this."""

    status = 403


class NotFound(DomainError):
    """What the request names does not exist (or is not the person's to see)."""

    status = 404


class Conflict(DomainError):
    """The request does not fit the current state (already done, not open, used up)."""

    status = 409


class TooLarge(DomainError):
    """The input is larger than its limit."""

    status = 413


class UnsupportedType(DomainError):
    """The input is of a type that is not accepted."""

    status = 415

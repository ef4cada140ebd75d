"""Who is acting, for audit entries recorded without an explicit actor. Standard library
only: the CLI sets it before Django is configured."""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

ACTOR = re.compile(r"^(?:(?:user|token):[A-Za-z0-9_-]{1,64}|system|cli|anonymous)$")


@dataclass(frozen=True)
class Acting:
    actor: Callable[[], str]  # resolved when an entry is recorded (request.user is lazy)
    ip: str = ""


_current: contextvars.ContextVar[Acting | None] = contextvars.ContextVar(
    "indaba_audit_actor", default=None)


def current() -> Acting | None:
    return _current.get()


def set_actor(actor: str) -> None:
    """For the rest of this context (the CLI: the whole command)."""
    if not ACTOR.match(actor):
        raise ValueError(f"not an actor reference: {actor!r}")
    _current.set(Acting(lambda: actor))


def clear() -> None:
    """Forget the actor set by `set_actor` (a CLI command run in-process, as tests do,
    must not name the next thing recorded in the same context)."""
    _current.set(None)


@contextmanager
def acting(actor: Callable[[], str], ip: str = "") -> Iterator[None]:
    token = _current.set(Acting(actor, ip))
    try:
        yield
    finally:
        _current.reset(token)

"""What a client may write into a board document, decided before pycrdt applies anything.

The host names the root types clients may write (for Indaba: `elements` and `files`);
every other root type — the workshop state a facilitator controls — is written by the
server only. A Yjs item says where it goes in one of two ways: by naming its root type, or
by pointing at a neighbour (its origin) whose place it shares. So a client could reach a
server-only map by pointing at an item already there. To refuse that without reading the
whole document, the server writes under client ids of 2^32 and above (stock Yjs clients
pick 32-bit ids; a client update using a higher one is refused), and `ServerItems` keeps
the ranges of server-written items that sit in server-only root types. A client item that
names a server-only root, or points at (or deletes) one of those items, is refused.
"""

from __future__ import annotations

import bisect
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pycrdt

from indaba.sync.yupdate import (
    ANY,
    CONTENT_NAMES,
    DELETED,
    GC,
    ID,
    SKIP,
    Bounds,
    UpdateInfo,
    decode_state_vector,
    encode_state_vector,
    inspect_update,
)

SERVER_CLIENT_MIN = 2**32
SERVER_CLIENT_MAX = 2**53 - 1
# What the stock client sends for a map of plain values (set, overwrite, delete).
PLAIN_VALUE_CONTENTS = frozenset({GC, DELETED, ANY, SKIP})


def new_server_client_id() -> int:
    """A client id for a document the server writes through (never a browser's)."""
    return SERVER_CLIENT_MIN + secrets.randbelow(SERVER_CLIENT_MAX - SERVER_CLIENT_MIN)


def new_server_doc() -> pycrdt.Doc[Any]:
    """A document whose writes are the server's own (workshop state among them)."""
    return pycrdt.Doc(client_id=new_server_client_id())


def new_content_doc() -> pycrdt.Doc[Any]:
    """A document for board content the server writes in one piece (an import, a template,
    the demo): elements and files only, under an ordinary 32-bit client id like a browser's.
    Loading a board reads every server-written struct (ServerItems.from_doc), so content
    that needs no protection is kept out of the server's ids."""
    return pycrdt.Doc(client_id=secrets.randbits(32))


def is_server_client(client_id: int) -> bool:
    return client_id >= SERVER_CLIENT_MIN


@dataclass(frozen=True)
class WritePolicy:
    # Root types a client may write; None lets clients write every root type.
    client_roots: frozenset[str] | None = None
    # Content kinds a client update may carry (see yupdate.CONTENT_NAMES).
    client_contents: frozenset[int] = PLAIN_VALUE_CONTENTS

    def client_may_write(self, root: str) -> bool:
        return self.client_roots is None or root in self.client_roots


class WriteRefused(Exception):
    """A client's update changes something only the server may change."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Ranges:
    """Sorted, merged [start, end) clock ranges of one client."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        if i and self.ends[i - 1] >= start:  # touches the previous range: extend it
            i -= 1
            self.ends[i] = max(self.ends[i], end)
        else:
            self.starts.insert(i, start)
            self.ends.insert(i, end)
        while i + 1 < len(self.starts) and self.starts[i + 1] <= self.ends[i]:
            self.ends[i] = max(self.ends[i], self.ends.pop(i + 1))
            self.starts.pop(i + 1)

    def uncovered(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of [start, end) that no range holds."""
        parts: list[tuple[int, int]] = []
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        at = start
        while at < end and i < len(self.starts):
            if self.ends[i] <= at:
                i += 1
                continue
            if self.starts[i] > at:
                parts.append((at, min(self.starts[i], end)))
            at = max(at, self.ends[i])
            i += 1
        if at < end:
            parts.append((at, end))
        return parts

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        if i and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < end


class ServerItems:
    """Server-written items of one board that sit in server-only root types, and the clock
    each server client id has reached (so a client cannot point at a future server item)."""

    def __init__(self, policy: WritePolicy) -> None:
        self.policy = policy
        self._protected: dict[int, _Ranges] = {}
        self._clocks: dict[int, int] = {}

    @classmethod
    def from_doc(cls, doc: pycrdt.Doc[Any], policy: WritePolicy) -> ServerItems:
        """Index a loaded document: only its server-written structs are read (pycrdt hands
        them over as an update relative to the state of every browser client)."""
        items = cls(policy)
        if policy.client_roots is None:
            return items
        state = decode_state_vector(doc.get_state())
        if any(is_server_client(client) for client in state):
            browsers = {c: clock for c, clock in state.items() if not is_server_client(c)}
            items.record(inspect_update(doc.get_update(encode_state_vector(browsers)), _TRUSTED))
        return items

    def is_protected(self, ref: ID) -> bool:
        ranges = self._protected.get(ref[0])
        return ranges is not None and ranges.overlaps(ref[1], ref[1] + 1)

    def record_trusted(self, update: bytes) -> None:
        """Take note of an update the server applied (its own, a stored one, or another
        node's). Only its server-written structs are read: pycrdt cuts them out (an update
        relative to the end state of every browser client in it), so a large document costs
        a native call, not a Python walk over every element."""
        if self.policy.client_roots is None:
            return
        state = decode_state_vector(pycrdt.get_state(update))
        if not any(is_server_client(client) for client in state):
            return
        browsers = {c: clock for c, clock in state.items() if not is_server_client(c)}
        server_part = pycrdt.get_update(update, encode_state_vector(browsers))
        self.record(inspect_update(server_part, _TRUSTED))

    def record(self, info: UpdateInfo) -> None:
        """Take note of the server-written items of an applied update."""
        if self.policy.client_roots is None:
            return
        server_items = [item for item in info.items if is_server_client(item.client)]
        for item in server_items:
            self._clocks[item.client] = max(self._clocks.get(item.client, 0), item.end)
        # Items may point at items later in the same update: repeat until nothing changes.
        pending = server_items
        while pending:
            left = []
            for item in pending:
                root = item.parent_root
                if ((root is not None and not self.policy.client_may_write(root))
                        or any(self.is_protected(ref) for ref in item.refs())):
                    self._protected.setdefault(item.client, _Ranges()).add(item.clock, item.end)
                else:
                    left.append(item)
            if len(left) == len(pending):
                break
            pending = left

    def check_client_update(self, info: UpdateInfo,
                            doc: pycrdt.Doc[Any] | None = None) -> None:
        """Raise WriteRefused when a client's update would write outside what it may.

        A Yjs update carries its sender's whole delete set, so a client that reconnects
        (to this process or, after a failover, to another worker or node) sends again the
        deletions of server items the server itself made, such as a reaction count it
        replaced. Those ranges, already deleted in `doc`, change nothing and are let
        through; only a deletion the document does not hold yet is checked."""
        policy = self.policy
        for item in info.items:
            if is_server_client(item.client):
                raise WriteRefused("client ids of 2^32 and above are reserved for the server")
            if item.content not in policy.client_contents:
                name = CONTENT_NAMES.get(item.content, str(item.content))
                raise WriteRefused(f"{name} content is not part of the board document")
            if item.parent_root is not None and not policy.client_may_write(item.parent_root):
                raise WriteRefused(f"{item.parent_root!r} is written by the server only")
            for ref in item.refs():
                self._check_ref(ref)
        known: dict[int, _Ranges] | None = None
        for client, ranges in info.deletes.items():
            if not is_server_client(client):
                continue
            if doc is not None:
                if known is None:
                    known = _deleted(doc)
                done = known.get(client)
                if done is not None:
                    ranges = [part for start, end in ranges
                              for part in done.uncovered(start, end)]
            protected = self._protected.get(client)
            for start, end in ranges:
                if end > self._clocks.get(client, 0):
                    raise WriteRefused("deletes server changes that do not exist")
                if protected is not None and protected.overlaps(start, end):
                    raise WriteRefused("deletes workshop state that only the server writes")

    def _check_ref(self, ref: ID) -> None:
        if not is_server_client(ref[0]):
            return
        if ref[1] >= self._clocks.get(ref[0], 0):
            raise WriteRefused("refers to a server change that does not exist")
        if self.is_protected(ref):
            raise WriteRefused("changes workshop state that only the server writes")

    def protected_ranges(self) -> Iterable[tuple[int, int, int]]:
        for client, ranges in self._protected.items():
            for start, end in zip(ranges.starts, ranges.ends, strict=True):
                yield client, start, end


def _deleted(doc: pycrdt.Doc[Any]) -> dict[int, _Ranges]:
    """The document's delete set, by client (an update relative to its own state carries
    no structs, only the delete set). Read only when a client's update deletes server
    items, which a browser's edits never do: a reconnect's resend does."""
    info = inspect_update(doc.get_update(doc.get_state()), _TRUSTED)
    out: dict[int, _Ranges] = {}
    for client, ranges in info.deletes.items():
        merged = out.setdefault(client, _Ranges())
        for start, end in ranges:
            merged.add(start, end)
    return out


# Updates the server produced or loaded: their shape was checked when they came in (or
# the server wrote them itself), so only the depth bound of stored data applies.
_TRUSTED = Bounds(max_depth=10_000, max_string_bytes=2**31)

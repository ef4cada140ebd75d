"""Writing sync frames straight to uvicorn's transport, past its per-message ASGI send.

uvicorn's ASGI `send` costs an awaited coroutine per client per message, and re-frames
the payload for each client. Under a broadcast to hundreds of clients that per-client cost
is what bounds fan-out (docs/performance.md, "Fan-out"). A server's frames are unmasked,
so the frame of one broadcast is the same bytes for every client: they are built once
(wsframe) and written to each client's asyncio transport directly.

This is done only for the protocol implementation whose internals were read for it,
uvicorn's `websockets-sansio` (the one `ws="auto"` picks when `websockets` is installed),
and only while that protocol would itself accept a `websocket.send` at once:

- the handshake is complete, no close frame has been sent or received, the peer is still
  connected and its transport is not closing, and no per-message compression was
  negotiated (compressed frames differ from one client to the next);
- the transport is writable: uvicorn's own `writable` flag, cleared by `pause_writing`
  when the transport's buffer passes its high-water mark. While it is clear the caller
  falls back to the awaited ASGI send, which waits exactly as before, so a client that
  stops reading fills its bounded queue and meets the same slow-client policy.

Every write is a whole frame (or several whole frames) in one `transport.write` on the
event loop thread, and uvicorn writes its pings, pongs and close frames the same way, so
frames never interleave. Anything else (another server, another protocol implementation,
another uvicorn release whose class is not this one) gets no direct writer, and the ASGI
send is used as before.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from indaba.sync.wsframe import binary_frame

log = logging.getLogger("indaba.sync.directwrite")


class DirectWriter:
    """Whole binary frames to one uvicorn websockets-sansio connection's transport."""

    __slots__ = ("_open", "_protocol")

    def __init__(self, protocol: Any, open_state: Any) -> None:
        self._protocol = protocol
        self._open = open_state

    def can_write(self) -> bool:
        """True while a frame written now would reach the socket without waiting."""
        p = self._protocol
        return (
            p.handshake_complete
            and not p.close_sent
            and not p.disconnected
            and p.initial_response is None
            and p.writable.is_set()
            and p.conn.state is self._open
            and not p.transport.is_closing()
        )

    def write(self, payloads: Sequence[bytes]) -> None:
        """Frame and write these messages, in order, in one transport write."""
        if len(payloads) == 1:
            data = binary_frame(payloads[0])
        else:
            data = b"".join([binary_frame(payload) for payload in payloads])
        self._protocol.transport.write(data)


def direct_writer(send: Callable[[Any], Awaitable[None]]) -> DirectWriter | None:
    """A direct writer for the connection behind this ASGI `send` (called after the
    handshake is accepted), or None when the fast path does not apply."""
    protocol = getattr(send, "__self__", None)
    if protocol is None:
        return None
    try:
        from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
        from websockets.protocol import State
    except ImportError:  # another server, or uvicorn without the websockets library
        return None
    if type(protocol) is not WebSocketsSansIOProtocol:
        return None
    if not protocol.handshake_complete or protocol.conn.extensions:
        return None  # not accepted, or compression negotiated: frames differ per client
    return DirectWriter(protocol, State.OPEN)

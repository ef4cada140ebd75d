"""WebSocket close codes the board socket uses; the front end explains each one."""

from enum import IntEnum


class CloseCode(IntEnum):
    NORMAL = 1000
    GOING_AWAY = 1001  # server shutting down: reconnect
    BAD_MESSAGE = 4400  # text frame, garbage bytes or an unknown message type
    UNAUTHORIZED = 4401  # token missing, invalid or expired
    REVOKED = 4403  # access revoked while connected
    NOT_FOUND = 4404  # no such board
    TOO_SLOW = 4408  # the client did not read its messages fast enough
    TOO_LARGE = 4413  # message or document over its size limit
    FORBIDDEN_CHANGE = 4422  # a change to what only the server writes (workshop state)
    RATE_LIMITED = 4429  # more messages than the per-client rate allows
    INTERNAL_ERROR = 4500  # the board could not be loaded or saved
    BOARD_FULL = 4503  # the board has as many clients as it accepts

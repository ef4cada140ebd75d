"""`indaba` with the sync engine's input checks taken out, for the fan-out benchmark only.

The checks (the bounded reader of updates, state vectors and presence, and the write
policy) run on every client message; to state their cost, run.py measures Indaba with and
without them in the same run. This module patches them out of the room and then runs the
ordinary command line; it is never part of the product.
"""

from __future__ import annotations

import sys

from indaba import cli
from indaba.sync import room
from indaba.sync.policy import ServerItems
from indaba.sync.yupdate import ItemInfo, UpdateInfo

_ANY_CHANGE = UpdateInfo(items=[ItemInfo(0, 0, 1, 8)])


def _no_inspection(update: bytes, bounds: object) -> UpdateInfo:
    return _ANY_CHANGE


room.inspect_update = _no_inspection  # type: ignore[assignment]
room.decode_state_vector = lambda data: {}  # type: ignore[assignment]
room.json_depth = lambda text, depth: 0  # type: ignore[assignment]
ServerItems.check_client_update = lambda self, info: None  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(cli.main())

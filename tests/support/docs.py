"""Documents as the test clients hold them."""

from __future__ import annotations

import secrets
from typing import Any

import pycrdt


def browser_doc() -> pycrdt.Doc[Any]:
    """A document with a client id as a browser picks it (yjs: a random 32-bit number).
    Ids of 2^32 and above are the server's; the engine refuses them from clients."""
    return pycrdt.Doc(client_id=secrets.randbits(32))

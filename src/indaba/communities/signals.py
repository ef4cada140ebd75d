"""Signals the community app sends; apps above it (sessions) connect to them."""

from django.dispatch import Signal

# Sent after a person's membership changed role or ended. Arguments: community, user.
# Sessions revoke the board tokens minted from that person's account (their role changed).
membership_changed = Signal()

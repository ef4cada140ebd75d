"""Registries through which the apps above `boards` extend it. `boards` may not import
them (docs/architecture.md, checked by lint-imports), so sessions say who has which role on
a session's board, and facilitation adds its fields to the board page's config, by
registering here from their AppConfig.ready(), the way Django's contrib apps connect.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum
from typing import Any

from django.http import HttpRequest

from indaba.boards.models import Board, BoardAccessToken, BoardRole


class Undecided(Enum):
    """A resolver's answer for a board it does not own (another resolver or the default
    rule decides)."""

    UNDECIDED = "undecided"


UNDECIDED = Undecided.UNDECIDED
log = logging.getLogger("indaba.boards.hooks")

# (account, board) -> the account's role, None for no access, or UNDECIDED.
AccountRoleResolver = Callable[[Any, Board], BoardRole | Undecided | None]
# (request, board, page token id) -> extra fields of the page config.
PageConfigProvider = Callable[[HttpRequest, Board, str], dict[str, object]]
# A token whose access ended -> an offer shown on the "access ended" page, or None.
RejoinOfferProvider = Callable[[BoardAccessToken], Any]
# A board page was opened (sessions save their start/end board versions if due).
BoardOpenListener = Callable[[Board], None]

_role_resolvers: list[AccountRoleResolver] = []
_page_config_providers: list[PageConfigProvider] = []
_rejoin_offer_providers: list[RejoinOfferProvider] = []
_board_open_listeners: list[BoardOpenListener] = []


def _add(registry: list[Any], fn: Any) -> None:
    if fn not in registry:  # ready() may run more than once in tests
        registry.append(fn)


def add_account_role_resolver(fn: AccountRoleResolver) -> None:
    _add(_role_resolvers, fn)


def add_page_config_provider(fn: PageConfigProvider) -> None:
    _add(_page_config_providers, fn)


def add_rejoin_offer_provider(fn: RejoinOfferProvider) -> None:
    _add(_rejoin_offer_providers, fn)


def add_board_open_listener(fn: BoardOpenListener) -> None:
    _add(_board_open_listeners, fn)


def board_opened(board: Board) -> None:
    """Tell the listeners; one that fails is logged and never stops the page."""
    for listener in _board_open_listeners:
        try:
            listener(board)
        except Exception:
            log.exception("board %s: board-open listener %r failed", board.id, listener)


def resolve_account_role(user: Any, board: Board) -> BoardRole | Undecided | None:
    for resolver in _role_resolvers:
        answer = resolver(user, board)
        if answer is not UNDECIDED:
            return answer
    return UNDECIDED


def page_config(request: HttpRequest, board: Board, token_id: str) -> dict[str, object]:
    config: dict[str, object] = {}
    for provider in _page_config_providers:
        config.update(provider(request, board, token_id))
    return config


def rejoin_offer(grant: BoardAccessToken) -> Any:
    for provider in _rejoin_offer_providers:
        offer = provider(grant)
        if offer is not None:
            return offer
    return None

"""The sync engine's Authorizer, answered from Django's database."""

from __future__ import annotations

from asgiref.sync import sync_to_async

from indaba.boards import tokens
from indaba.sync.auth import Grant


class DjangoBoardAuthorizer:
    async def authorize(self, board_id: str, token: str) -> Grant:
        return await sync_to_async(tokens.grant_for, thread_sensitive=True)(token, board_id)

    async def revoked(self, token_ids: set[str]) -> set[str]:
        return await sync_to_async(tokens.revoked_among, thread_sensitive=True)(token_ids)

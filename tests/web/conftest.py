from tests.communities.helpers import fast_hashing, no_board_store, world

__all__ = ["fast_hashing", "no_board_store", "world"]

from tests.communities.helpers import fast_hashing, no_board_store
from tests.facilitation.conftest import docs, world

__all__ = ["docs", "fast_hashing", "no_board_store", "world"]

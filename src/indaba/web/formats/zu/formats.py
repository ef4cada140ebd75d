"""isiZulu date and number formats (Django ships none for zu).

South African usage, as for every language Indaba ships: see _south_africa.py."""

from indaba.web.formats._south_africa import *  # noqa: F403  (Django reads the module's names)

"""Afrikaans date and number formats (Django ships a catalogue for af but no formats).

South African usage, as for every language Indaba ships: see _south_africa.py."""

from indaba.web.formats._south_africa import *  # noqa: F403  (Django reads the module's names)

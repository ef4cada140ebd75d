"""Board templates a facilitator chooses for a session: each is laid out with frames and
headings (Excalidraw elements built in Python, see boards/builders.py).

The names, descriptions, frame names and prompts are translated: the new-session form
shows them in the reader's language, and a new board is written in the language of the
person who creates the session (the request's language). A frame is still known to the
code by its English name (`elements()` returns the frames under it), so callers that put
notes into frames do not depend on the language the board was written in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override, pgettext_lazy

from indaba.boards import builders

FRAME_WIDTH = 440
FRAME_HEIGHT = 620
GAP = 40
TOP = 150  # clear of the title and template name above, and of the frames' own labels


@dataclass(frozen=True)
class BoardTemplate:
    key: str
    name: Promise
    description: Promise
    columns: tuple[tuple[Promise, Promise], ...]  # (frame name, prompt)


def english(text: Promise) -> str:
    """The English text of a translated string: the key a frame is known by in code."""
    with override("en"):
        return str(text)


# Frame names are marked with the context "board frame": short words such as "Start" and
# "Stop" must not share a translation with a button of the same English word.
TEMPLATES: tuple[BoardTemplate, ...] = (
    BoardTemplate("blank", _("Blank"), _("An empty board with the session title."), ()),
    BoardTemplate(
        "check_in", _("Check-in"),
        _("Open the session: how people arrive and what they hope for."),
        ((pgettext_lazy("board frame", "How are you arriving?"),
          _("One word or a picture for how you arrive today.")),
         (pgettext_lazy("board frame", "What do you hope to take away?"),
          _("One note per hope.")),
         (pgettext_lazy("board frame", "Parking lot"),
          _("Questions to come back to later.")))),
    BoardTemplate(
        "lessons_learned", _("Lessons learned"),
        _("Harvest what worked, what to improve and ideas."),
        ((pgettext_lazy("board frame", "What worked"),
          _("What should we repeat?")),
         (pgettext_lazy("board frame", "What to improve"),
          _("What got in the way? Why?")),
         (pgettext_lazy("board frame", "Ideas"),
          _("Recommendations and who could act on them.")))),
    BoardTemplate(
        "after_action_review", _("After-action review"),
        _("The four questions of an after-action review, and the actions they lead to."),
        ((pgettext_lazy("board frame", "What was intended?"),
          _("The plan and what success looked like.")),
         (pgettext_lazy("board frame", "What actually happened?"),
          _("Facts, in order, without blame.")),
         (pgettext_lazy("board frame", "Why was there a difference?"),
          _("Root causes, not symptoms.")),
         (pgettext_lazy("board frame", "What to sustain / improve?"),
          _("Each with an owner and a date.")))),
    BoardTemplate(
        "start_stop_continue", _("Start / stop / continue"),
        _("A quick retrospective in three columns."),
        ((pgettext_lazy("board frame", "Start"),
          _("What should we begin doing?")),
         (pgettext_lazy("board frame", "Stop"),
          _("What should we stop doing?")),
         (pgettext_lazy("board frame", "Continue"),
          _("What works and should carry on?")))),
)

BY_KEY: dict[str, BoardTemplate] = {t.key: t for t in TEMPLATES}
CHOICES: list[tuple[str, Promise]] = [(t.key, t.name) for t in TEMPLATES]


def form_choices() -> list[tuple[str, str]]:
    """The choices of the new-session form, in the reader's language (called per form)."""
    return [(t.key, f"{t.name} — {t.description}") for t in TEMPLATES]


def elements(key: str, title: str) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The template's elements in the active language, and its frames by English name (so
    callers can place notes in them whatever the language)."""
    template = BY_KEY[key]
    indices = builders.IndexSequence()
    items: list[dict[str, Any]] = []
    frames: dict[str, dict[str, Any]] = {}
    for position, (name, prompt) in enumerate(template.columns):
        frame = builders.frame(str(name), 40 + position * (FRAME_WIDTH + GAP), TOP, FRAME_WIDTH,
                               FRAME_HEIGHT, indices)
        frames[english(name)] = frame
        items.append(frame)
        items.append(builders.text(str(prompt), frame["x"] + 20, frame["y"] + 16, indices.next(),
                                   font_size=16, frame_id=frame["id"], locked=True))
    items.append(builders.text(title, 40, 40, indices.next(), font_size=36, locked=True))
    if template.columns:
        items.append(builders.text(str(template.name), 40, 90, indices.next(), font_size=20,
                                   locked=True))
    return items, frames


def note_position(frame: dict[str, Any], row: int) -> tuple[float, float]:
    """Where the row-th sticky note goes inside a template frame (two per line)."""
    return frame["x"] + 20 + (row % 2) * 210, frame["y"] + 60 + (row // 2) * 210

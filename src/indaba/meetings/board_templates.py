"""Board templates a facilitator chooses for a session: each is laid out with frames and
headings (Excalidraw elements built in Python, see boards/builders.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from indaba.boards import builders

FRAME_WIDTH = 440
FRAME_HEIGHT = 620
GAP = 40
TOP = 150  # clear of the title and template name above, and of the frames' own labels


@dataclass(frozen=True)
class BoardTemplate:
    key: str
    name: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (frame name, prompt)


TEMPLATES: tuple[BoardTemplate, ...] = (
    BoardTemplate("blank", "Blank", "An empty board with the session title.", ()),
    BoardTemplate(
        "check_in", "Check-in", "Open the session: how people arrive and what they hope for.",
        (("How are you arriving?", "One word or a picture for how you arrive today."),
         ("What do you hope to take away?", "One note per hope."),
         ("Parking lot", "Questions to come back to later."))),
    BoardTemplate(
        "lessons_learned", "Lessons learned", "Harvest what worked, what to improve and ideas.",
        (("What worked", "What should we repeat?"),
         ("What to improve", "What got in the way? Why?"),
         ("Ideas", "Recommendations and who could act on them."))),
    BoardTemplate(
        "after_action_review", "After-action review",
        "The four questions of an after-action review, and the actions they lead to.",
        (("What was intended?", "The plan and what success looked like."),
         ("What actually happened?", "Facts, in order, without blame."),
         ("Why was there a difference?", "Root causes, not symptoms."),
         ("What to sustain / improve?", "Each with an owner and a date."))),
    BoardTemplate(
        "start_stop_continue", "Start / stop / continue",
        "A quick retrospective in three columns.",
        (("Start", "What should we begin doing?"),
         ("Stop", "What should we stop doing?"),
         ("Continue", "What works and should carry on?"))),
)

BY_KEY: dict[str, BoardTemplate] = {t.key: t for t in TEMPLATES}
CHOICES: list[tuple[str, str]] = [(t.key, t.name) for t in TEMPLATES]


def elements(key: str, title: str) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The template's elements, and its frames by name (so callers can place notes in them)."""
    template = BY_KEY[key]
    indices = builders.IndexSequence()
    items: list[dict[str, Any]] = []
    frames: dict[str, dict[str, Any]] = {}
    for position, (name, prompt) in enumerate(template.columns):
        frame = builders.frame(name, 40 + position * (FRAME_WIDTH + GAP), TOP, FRAME_WIDTH,
                               FRAME_HEIGHT, indices)
        frames[name] = frame
        items.append(frame)
        items.append(builders.text(prompt, frame["x"] + 20, frame["y"] + 16, indices.next(),
                                   font_size=16, frame_id=frame["id"], locked=True))
    items.append(builders.text(title, 40, 40, indices.next(), font_size=36, locked=True))
    if template.columns:
        items.append(builders.text(template.name, 40, 90, indices.next(), font_size=20,
                                   locked=True))
    return items, frames


def note_position(frame: dict[str, Any], row: int) -> tuple[float, float]:
    """Where the row-th sticky note goes inside a template frame (two per line)."""
    return frame["x"] + 20 + (row % 2) * 210, frame["y"] + 60 + (row // 2) * 210

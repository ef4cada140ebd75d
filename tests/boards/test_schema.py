"""The board schema file is the one source: the sync engine's close codes, the write
policy, the palette's contrast and the docs all agree with it."""

from __future__ import annotations

import re
from pathlib import Path

from indaba.boards import document, schema
from indaba.boards.storage import write_policy
from indaba.sync.closecodes import CloseCode

ROOT = Path(__file__).parents[2]
BOARD_DOC = (ROOT / "docs" / "board-document.md").read_text(encoding="utf-8")
OPERATIONS = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_close_codes_are_the_sync_engines() -> None:
    assert {code: name for code, (name, _) in schema.close_codes().items()} == {
        int(c): c.name for c in CloseCode}


def test_only_the_schemas_client_roots_are_writable_by_browsers() -> None:
    assert write_policy().client_roots == frozenset(schema.CLIENT_WRITABLE_ROOTS)
    assert document.CLIENT_WRITABLE_ROOTS == schema.CLIENT_WRITABLE_ROOTS
    assert not set(schema.WORKSHOP_ROOTS) & set(schema.CLIENT_WRITABLE_ROOTS)


def test_every_palette_colour_keeps_dark_text_readable() -> None:
    text = _luminance(schema.STICKY.text_color)
    for colour in schema.PALETTE:
        ratio = (_luminance(colour.background) + 0.05) / (text + 0.05)
        assert ratio >= 4.5, (colour.name, round(ratio, 2))
    assert len({c.id for c in schema.PALETTE}) == len({c.name for c in schema.PALETTE}) == len(
        schema.PALETTE)


def test_the_board_document_page_says_what_the_schema_says() -> None:
    table_roots = set(re.findall(r"^\| `(\w+)` \| `Y\.Map` \|", BOARD_DOC, re.M))
    assert table_roots == {schema.ELEMENTS, schema.FILES, *schema.WORKSHOP_ROOTS}
    listed = dict(re.findall(r"(\w+) `(#[0-9a-f]{6})`", BOARD_DOC))
    assert listed == {c.id: c.background for c in schema.PALETTE}
    shape = schema.STICKY
    assert f"{shape.width} px wide and at least {shape.min_height} px tall" in BOARD_DOC
    assert f"wraps at\n{shape.text_width} px" in BOARD_DOC or \
        f"wraps at {shape.text_width} px" in BOARD_DOC
    assert f"({shape.text_color})" in BOARD_DOC


def test_the_operations_page_lists_every_application_close_code() -> None:
    listed = {int(code) for code in re.findall(r"^\| `(4\d\d\d)` \|", OPERATIONS, re.M)}
    assert listed == {code for code in schema.close_codes() if code >= 4000}

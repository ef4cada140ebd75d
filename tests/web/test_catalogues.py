"""The shipped catalogues: every marked string translated, placeholders kept, .mo current.

The .po files are read with a small parser of the subset `makemessages` writes (one
quoted string per line, continuation lines for long ones); the extraction check runs
Django's own makemessages over a copy of the source, so a string marked in a template or
in Python but missing from a catalogue fails here rather than showing in English."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "indaba"
LOCALES = sorted(code for code, _ in settings.LANGUAGES if code != "en")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] = ("msgid", 0)
    started = False
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if started:
                entries.append(current)
            current, started = Entry(), False
            continue
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        started = True
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            rest, keyword = line, ""
        value = ast.literal_eval(rest)
        assert isinstance(value, str)
        if keyword:
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            target = ("msgstr" if keyword.startswith("msgstr") else keyword, index)
            if target[0] == "msgstr":
                current.msgstr[index] = ""
        name, index = target
        if name == "msgid":
            current.msgid += value
        elif name == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + value
        elif name == "msgid_plural":
            current.plural = (current.plural or "") + value
        else:
            current.msgstr[index] += value
    return [entry for entry in entries if entry.msgid]  # the header has an empty msgid


def catalogue(code: str) -> Path:
    return PACKAGE / "locale" / code / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("code", LOCALES)
def test_every_entry_is_translated_and_keeps_its_placeholders(code: str) -> None:
    entries = read_po(catalogue(code))
    assert len(entries) > 300
    for entry in entries:
        assert "fuzzy" not in entry.flags, f"{code}: fuzzy entries are ignored: {entry.msgid!r}"
        forms = [entry.msgstr.get(i, "") for i in range(2 if entry.plural else 1)]
        assert all(form.strip() for form in forms), f"{code}: untranslated {entry.msgid!r}"
        wanted = set(PLACEHOLDER.findall(entry.msgid + (entry.plural or "")))
        for index, form in enumerate(forms):
            got = set(PLACEHOLDER.findall(form))
            assert got <= wanted, f"{code}: unknown placeholder in {form!r}"
            # Only a plural's "one" form may leave its count out ("one vote").
            if not entry.plural or index > 0:
                assert got == wanted, f"{code}: placeholders of {entry.msgid!r} lost in {form!r}"
        markup = re.findall(r"</?\w+", entry.msgid)
        assert all(sorted(re.findall(r"</?\w+", f)) == sorted(markup) for f in forms), (
            f"{code}: HTML tags of {entry.msgid!r} changed")


@pytest.mark.parametrize("code", LOCALES)
def test_compiled_catalogue_matches_the_po_file(code: str) -> None:
    mo_path = catalogue(code).with_suffix(".mo")
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in read_po(catalogue(code)):
        if entry.plural:
            for count, index in ((1, 0), (5, 1)):
                assert compiled.ngettext(entry.msgid, entry.plural, count) == \
                    entry.msgstr[index], f"{code}: run compilemessages ({entry.msgid!r})"
        elif entry.msgctxt is not None:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr[0]
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr[0], (
                f"{code}: the .mo is older than the .po; run compilemessages "
                f"({entry.msgid!r})")


def test_every_marked_string_is_in_every_catalogue(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "indaba"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns(
        "locale", "__pycache__", "static", "*.mo", "*.po"))
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["zu"], no_wrap=True, ignore_patterns=["sync/*"],
                 verbosity=0)
    extracted = {entry.key for entry in read_po(copy / "locale/zu/LC_MESSAGES/django.po")}
    assert len(extracted) > 300
    for code in LOCALES:
        shipped = {entry.key for entry in read_po(catalogue(code))}
        missing = sorted(extracted - shipped)
        assert not missing, f"{code} lacks {len(missing)} strings (run makemessages): " \
                            f"{missing[:5]}"

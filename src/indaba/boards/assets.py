"""Finds the built front-end files (Vite manifest) for a page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

BOARD_ENTRY = "src/board/main.tsx"


class FrontendNotBuilt(RuntimeError):
    pass


@dataclass(frozen=True)
class EntryAssets:
    script: str
    styles: tuple[str, ...]
    # Modules the entry loads at once (its static imports, and the chunks it imports
    # dynamically as soon as it runs, with theirs): `<link rel="modulepreload">` fetches
    # and compiles them alongside the entry instead of one after the other.
    preloads: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def _manifest(path: Path, mtime: float) -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads(path.read_text())
    return data


def entry_assets(entry: str = BOARD_ENTRY) -> EntryAssets:
    path = Path(settings.FRONTEND_DIST) / ".vite" / "manifest.json"
    if not path.exists():
        raise FrontendNotBuilt(
            f"The board front end is not built ({path} is missing). Run scripts/setup."
        )
    manifest = _manifest(path, path.stat().st_mtime)
    if entry not in manifest:
        raise FrontendNotBuilt(f"entry {entry!r} is not in the front-end manifest")
    chunk = manifest[entry]
    styles = [str(s) for s in _list(chunk.get("css"))]
    for imported in _list(chunk.get("imports")):
        styles.extend(str(s) for s in _list(manifest.get(str(imported), {}).get("css")))
    base = settings.STATIC_URL + "board/"
    return EntryAssets(base + str(chunk["file"]), tuple(base + s for s in dict.fromkeys(styles)),
                       tuple(base + f for f in _preloads(manifest, entry)))


def _preloads(manifest: dict[str, dict[str, object]], entry: str) -> list[str]:
    """The files of the entry's static imports and of its dynamic imports with their
    static imports (recursively), the entry itself left out; in manifest order."""
    files: dict[str, None] = {}
    seen = {entry}

    def add(key: str) -> None:
        if key in seen or key not in manifest:
            return
        seen.add(key)
        files[str(manifest[key]["file"])] = None
        for imported in _list(manifest[key].get("imports")):
            add(str(imported))

    for key in _list(manifest[entry].get("imports")) + _list(manifest[entry].get("dynamicImports")):
        add(str(key))
    return list(files)


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []

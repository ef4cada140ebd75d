"""Python's fractional indices (the `fractional-indexing` package) give exactly what the npm
package Excalidraw uses gives, on the vectors the front end is tested against too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fractional_indexing import generate_key_between, generate_n_keys_between

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "fractional-index-vectors.json").read_text())


@pytest.mark.parametrize("case", VECTORS["between"], ids=lambda c: f"{c['a']}-{c['b']}")
def test_key_between(case: dict[str, Any]) -> None:
    if case.get("error"):
        with pytest.raises(Exception):  # noqa: B017 - the package raises plain Exception
            generate_key_between(case["a"], case["b"])
    else:
        assert generate_key_between(case["a"], case["b"]) == case["key"]


@pytest.mark.parametrize("case", VECTORS["nKeys"], ids=lambda c: f"{c['a']}-{c['b']}-{c['n']}")
def test_n_keys_between(case: dict[str, Any]) -> None:
    assert generate_n_keys_between(case["a"], case["b"], case["n"]) == case["keys"]

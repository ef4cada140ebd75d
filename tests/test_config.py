"""The declared settings table and the operations docs stay in step."""

from __future__ import annotations

from pathlib import Path

import pytest

from indaba import config

DOCS = Path(__file__).resolve().parents[1] / "docs" / "operations.md"


def test_every_setting_is_documented_with_its_default() -> None:
    text = DOCS.read_text()
    for setting in config.SETTINGS:
        assert f"| `{setting.env_var}` | `{setting.default}` |" in text, setting.env_var


def test_values_are_parsed_and_bad_values_named() -> None:
    assert config.get("MAX_CLIENTS_PER_BOARD", {"INDABA_MAX_CLIENTS_PER_BOARD": "7"}) == 7
    assert config.get("DEBUG", {"INDABA_DEBUG": "yes"}) is True
    with pytest.raises(config.ConfigError, match="INDABA_MAX_CLIENTS_PER_BOARD"):
        config.get("MAX_CLIENTS_PER_BOARD", {"INDABA_MAX_CLIENTS_PER_BOARD": "-3"})
    with pytest.raises(config.ConfigError, match="boolean"):
        config.get("DEBUG", {"INDABA_DEBUG": "maybe"})


def test_join_failure_rates_are_checked() -> None:
    assert config.get("JOIN_FAILURES_RATE", {"INDABA_JOIN_FAILURES_RATE": "5/2h"}) == "5/2h"
    assert config.get("JOIN_FAILURES_RATE", {"INDABA_JOIN_FAILURES_RATE": "30/m"}) == "30/m"
    for bad in ("many", "0/m", "5/x", "5/0m", "5"):
        with pytest.raises(config.ConfigError, match="INDABA_JOIN_FAILURES_RATE"):
            config.get("JOIN_FAILURES_RATE", {"INDABA_JOIN_FAILURES_RATE": bad})


def test_languages_are_code_name_pairs_that_keep_english() -> None:
    assert config.get("LANGUAGES", {}) == (("en", "English"), ("zu", "isiZulu"),
                                          ("af", "Afrikaans"))
    extended = config.get("LANGUAGES", {"INDABA_LANGUAGES":
                                        "en=English, zu=isiZulu, xh=isiXhosa, nso=Sepedi"})
    assert [code for code, _ in extended] == ["en", "zu", "xh", "nso"]
    for bad in ("zu=isiZulu", "en", "en=English,en=English", "en=English,Zulu!=x"):
        with pytest.raises(ValueError, match="INDABA_LANGUAGES"):
            config.get("LANGUAGES", {"INDABA_LANGUAGES": bad})

"""The retention policy table: each rule is a declared setting, and docs/privacy.md states
each rule's setting and default period."""

from __future__ import annotations

from pathlib import Path

import pytest

from indaba import config
from indaba.common.retention import RULES

PRIVACY_DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"


def test_every_rule_reads_a_declared_setting_of_days() -> None:
    assert len({rule.key for rule in RULES}) == len(RULES)
    for rule in RULES:
        setting = config.SETTINGS_BY_NAME[rule.setting]
        assert rule.days == int(setting.default) > 0


def test_the_privacy_doc_states_every_period() -> None:
    text = PRIVACY_DOC.read_text()
    for rule in RULES:
        default = config.SETTINGS_BY_NAME[rule.setting].default
        assert f"`{rule.env_var}` ({default} days)" in text, rule.key


def test_a_period_reads_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = RULES[0]
    for raw, words in (("0", "kept until removed by hand"), ("1", "1 day"), ("7", "7 days")):
        monkeypatch.setenv(rule.env_var, raw)
        assert rule.period == words

"""Value-creation stories: the best reuse records, in their own words, without names."""

from __future__ import annotations

from datetime import date

from indaba.evidence.stories import NameScrubber, known_names
from tests.evidence.conftest import Scenario, march


def test_stories_quote_the_best_reuse_without_names(scenario: Scenario) -> None:
    stories = march(scenario).stories
    assert [(s.item_title, s.outcome, s.hours_saved, s.cost_saved, s.at) for s in stories] == [
        ("Checklist", "Used the checklist; [name] saved us a week of rework", 12.5, 3000.0,
         date(2026, 3, 17)),
        ("Budget cycle", "Applied it in our team", None, None, date(2026, 3, 28))]


def test_names_are_removed_as_whole_words() -> None:
    scrub = NameScrubber({"Thandi Nkosi", "Al", "Amahle"})
    assert scrub("thandi nkosi and THANDI NKOSI helped") == "[name] and [name] helped"
    # Parts of a name on their own, as written (capitalised); short parts are left alone.
    assert scrub("Nkosi said Thandi's idea worked, with Al") == (
        "[name] said [name]'s idea worked, with [name]")
    assert scrub("Also, an Amahlerun and nkosi stay") == "Also, an Amahlerun and nkosi stay"


def test_known_names_come_from_the_communities(scenario: Scenario) -> None:
    names = known_names([scenario.community])
    assert {"Thandi Nkosi", "Bongani", "Dube", "Amahle", "bongani"} <= names

"""Board templates in the reader's language: the new-session form offers them translated,
and a new board is written in the language of the person who creates the session, while
the code still finds the template's frames by their English names."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from indaba.boards import document
from indaba.meetings import board_templates, services
from tests.communities.helpers import World

WRITTEN = {  # (heading under the title, frame names, one prompt)
    "en": ("Check-in", ["How are you arriving?", "What do you hope to take away?",
                        "Parking lot"], "One note per hope."),
    "zu": ("Ukungena", ["Ufika unjani?", "Uthemba ukuhamba nani?", "Okwangemuva"],
           "Inothi elilodwa ethembeni ngalinye."),
    "af": ("Inklok", ["Hoe kom jy vandag aan?", "Wat hoop jy om saam te neem?",
                      "Parkeerterrein"], "Een nota per hoop."),
}


def _form(title: str) -> dict[str, str]:
    return {"title": title, "description": "", "starts_at": "2030-03-02T09:00",
            "ends_at": "2030-03-02T10:30", "mode": "hybrid", "venue": "Hall",
            "online_url": "", "capacity": "", "template": "check_in", "allow_guests": "on",
            "agenda-TOTAL_FORMS": "0", "agenda-INITIAL_FORMS": "0",
            "agenda-MIN_NUM_FORMS": "0", "agenda-MAX_NUM_FORMS": "1000"}


@pytest.mark.parametrize("language", ["en", "zu", "af"])
def test_a_new_board_is_written_in_the_creators_language(
        world: World, no_board_store: list[tuple[str, Any]], language: str) -> None:
    client = Client()
    client.force_login(world.users["facilitator"])
    client.cookies["django_language"] = language
    before = len(no_board_store)
    response = client.post(f"/communities/{world.community.slug}/sessions/new/",
                           _form(f"Morning {language}"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(no_board_store) == before + 1
    elements = document.elements(no_board_store[-1][1])
    frames = [e["name"] for e in elements if e["type"] == "frame"]
    texts = {e.get("text") for e in elements if e["type"] == "text"}
    heading, names, prompt = WRITTEN[language]
    assert frames == names
    assert heading in texts and prompt in texts and f"Morning {language}" in texts


def test_notes_find_their_frame_by_its_english_name_in_any_language(
        world: World, no_board_store: list[tuple[str, Any]]) -> None:
    with translation.override("zu"):
        _, frames = board_templates.elements("lessons_learned", "Title")
    assert set(frames) == {"What worked", "What to improve", "Ideas"}
    assert frames["What worked"]["name"] == "Okusebenzile"
    with translation.override("af"):  # the demo's notes go into frames named in English
        services.write_template(world.session, [("Ideas", "An idea", "Lerato", "blue")])
    elements = document.elements(no_board_store[-1][1])
    ideas = next(e for e in elements if e["type"] == "frame" and e["name"] == "Idees")
    note = next(e for e in elements if e["type"] == "text" and e.get("text") == "An idea")
    box = next(e for e in elements if e["id"] == note["containerId"])
    assert box["frameId"] == ideas["id"]


@pytest.mark.parametrize(("language", "shown"), [
    ("zu", "Qala / yeka / qhubeka — Ukubheka emuva okusheshayo ngamakholomu amathathu."),
    ("af", "Begin / stop / gaan voort — 'n Vinnige terugblik in drie kolomme."),
])
def test_the_form_offers_the_templates_in_the_readers_language(
        world: World, language: str, shown: str) -> None:
    with translation.override(language):
        from indaba.meetings.forms import NewSessionForm

        choices = dict(NewSessionForm().fields["template"].choices)
    assert choices["start_stop_continue"] == shown

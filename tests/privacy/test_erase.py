"""`indaba person erase`: no name or contact detail of the person is left in any text field
of any model (only the audit trail's redaction marker), the audit chain still verifies,
and what they contributed stays, without them."""

from __future__ import annotations

import json
from typing import Any

import pycrdt
from django.apps import apps
from django.db import models

from indaba.accounts.models import Profile
from indaba.audit import services as audit
from indaba.audit.models import Entry, Payload
from indaba.boards import builders, document, services, tokens
from indaba.boards.storage import open_store
from indaba.facilitation import workshop
from indaba.knowledge.models import KnowledgeItem
from indaba.meetings import services as meetings
from indaba.privacy import erase, person
from tests.communities.helpers import World, make_user
from tests.privacy.people import NAMES, USERNAME, make_person

TEXT = (models.CharField, models.TextField, models.JSONField)


def leaks() -> list[str]:
    """Every text field of every model that still holds one of the person's names."""
    found = []
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT)]
        for row in model._default_manager.values("pk", *fields):
            for name in fields:
                value = json.dumps(row[name]) if not isinstance(row[name], str) else row[name]
                if any(n.lower() in (value or "").lower() for n in NAMES):
                    found.append(f"{model._meta.label}#{row['pk']}.{name}: {value[:80]}")
    return found


def test_after_an_erasure_the_name_is_nowhere_and_the_chain_verifies(
        world: World, docs: dict[str, pycrdt.Doc[Any]]) -> None:
    made = make_person(world)
    assert leaks()  # the scan finds them before
    attended = meetings.summary(world.session).total

    done = erase.erase(person.find(USERNAME))

    assert leaks() == []
    report = audit.verify()
    assert report.ok and report.redacted == len(done.audit_redacted) > 0
    assert Payload.objects.filter(redacted_at__isnull=False).count() == report.redacted
    erased = Entry.objects.get(action="privacy.person_erased")
    assert "Former member" not in Payload.objects.get(seq=erased.seq).data  # no name at all

    user = type(made.user)._default_manager.get(pk=made.user.pk)
    assert not user.is_active and not user.has_usable_password() and user.email == ""
    assert Profile.objects.get(user=user).display_name == done.pseudonym
    # Contributions stay, without the person: the lesson, the attendance count, the note.
    item = KnowledgeItem.objects.get(pk=made.item.pk)
    assert (item.lesson, item.created_by_name) == ("Keep a decisions log.", done.pseudonym)
    assert meetings.summary(world.session).total == attended
    board = world.session.board
    assert board is not None
    notes = workshop.read(board, workshop.sticky_notes)
    assert notes[made.note]["author"] == done.pseudonym
    assert notes[made.note]["text"] == "Record the decisions as we go"
    assert done.boards == [board.id] and done.counts["board_notes"] == 1
    voters = workshop.read_map(board, "vote")["voters"]
    assert voters[made.note] == [done.pseudonym]


def test_an_export_after_erasure_shows_nothing_identifying(
        world: World, docs: dict[str, pycrdt.Doc[Any]]) -> None:
    made = make_person(world)
    found = person.find(USERNAME)
    erase.erase(found)
    again = person.export(person.Person(type(made.user)._default_manager.get(
        pk=made.user.pk), ""))
    text = json.dumps(again).lower()
    assert not [n for n in NAMES if n.lower() in text]
    assert again["invitations"] == [] and again["login_failures"] == []
    assert all(e["redacted"] for e in again["audit_entries"]
               if e["action"] not in ("privacy.person_erased", "audit.redact"))


def test_the_board_store_forgets_the_replaced_author(db: None) -> None:
    """On the real board store (no server in this process): the note is renamed and the
    stored history no longer holds the old name anywhere, compressed or not."""
    user = make_user(USERNAME, first_name="Nomsa", last_name="Dlamini")
    board = services.create_board("Erased on the store")
    _, grant = tokens.issue_token(board, "editor", "Nomsa Dlamini", 3600, user_id=user.pk)
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    document.write_elements(doc, builders.sticky_note(
        "Keep a decisions log", 0, 0, builders.IndexSequence(), author="Nomsa Dlamini",
        author_id=grant.id))
    services.write_initial_content(board.id, doc)

    done = erase.erase(person.find(USERNAME))

    assert done.boards == [board.id] and done.served == []
    note = next(iter(workshop.read(board, workshop.sticky_notes).values()))
    assert (note["author"], note["text"]) == (done.pseudonym, "Keep a decisions log")
    store = open_store()
    try:
        stored = store.call_sync(store.load_sync, board.id)
    finally:
        store.shutdown_sync()
    raw = [stored.snapshot or b"", *stored.updates]
    assert stored.updates == [] and b"Keep a decisions log" in raw[0]
    assert not [part for part in raw if b"Nomsa" in part or b"Dlamini" in part]

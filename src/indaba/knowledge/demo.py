"""Demo knowledge: lessons harvested from the inaugural session's board, three of them
published, one in review and one with changes requested. Idempotent: made once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from indaba.facilitation import workshop
from indaba.knowledge import permissions, services
from indaba.knowledge.harvest import harvest
from indaba.knowledge.models import ActionStatus, KnowledgeItem
from indaba.meetings.models import Session

PROCESSES = ["Meeting facilitation", "Stakeholder engagement", "Knowledge capture",
             "ICT service management"]

# note text on the board, title, kind, fields, final state
ITEMS: tuple[tuple[str, str, str, dict[str, Any], str], ...] = (
    ("Hybrid flipchart kept online people talking",
     "A shared online flipchart keeps online participants talking", "practice",
     {"summary": "When the room and the online participants write on the same board, the "
                 "online part of a hybrid session stops being passive.",
      "processes": ["Meeting facilitation"], "units": ["Knowledge Management Directorate"],
      "tags": ["hybrid", "participation", "flipchart"]}, "published"),
    ("Share the join code before the session starts",
     "Send the join code before the session starts", "lesson",
     {"summary": "Online participants lost the first minutes finding the join code.",
      "driving_event": "At the inaugural session the join code was shown only on the room "
                       "screen, so online participants could not join until it was read out.",
      "lesson": "People online need the code before the session, not during it.",
      "recommendation": "Include the join code and link in the invitation and the reminder.",
      "processes": ["Stakeholder engagement"], "units": ["Information Technology"],
      "tags": ["hybrid", "join code", "invitation"]}, "published"),
    ("Room microphone for in-room questions",
     "A room microphone for in-room questions", "lesson",
     {"summary": "Questions asked in the room were not heard online.",
      "driving_event": "Online participants asked twice for questions from the room to be "
                       "repeated.",
      "lesson": "Hybrid sessions need a microphone for the room, not only for the speaker.",
      "recommendation": "Book a roaming microphone with the venue.",
      "processes": ["ICT service management"], "units": ["Human Resource Development"],
      "tags": ["hybrid", "audio", "venue"]}, "published"),
    ("Harvest lessons into the knowledge base the same week",
     "Harvest lessons into the knowledge base the same week", "insight",
     {"summary": "Lessons harvested in the week of the session keep their context and "
                 "their votes.",
      "processes": ["Knowledge capture"], "tags": ["harvest", "knowledge base"]},
     "in_review"),
    ("Short check-in round before the keynote",
     "A short check-in round before the keynote", "practice",
     {"summary": "A check-in round warms the room up.", "processes": ["Meeting facilitation"],
      "tags": ["check-in"]}, "changes_requested"),
)


def ensure_knowledge_demo(session: Session) -> list[KnowledgeItem]:
    """The demo's knowledge items (made on the first run only)."""
    existing = list(KnowledgeItem.objects.filter(session=session).order_by("pk"))
    if existing or session.board is None:
        return existing
    users = {u.username: u for u in get_user_model()._default_manager.filter(
        username__in=["lerato", "thandi", "sipho", "naledi", "ayesha"])}
    rules = permissions.settings_for(session.community)
    if not rules.processes:
        rules.processes = PROCESSES
        rules.save(update_fields=["processes"])
    notes = workshop.read(session.board, workshop.sticky_notes)
    by_text = {str(n["text"]).strip(): note_id for note_id, n in notes.items()}
    made = []
    for text, title, kind, fields, state in ITEMS:
        if text not in by_text:
            continue
        item = harvest(session.board, [by_text[text]], users["thandi"], title=title,
                       kind=kind)
        for name, value in fields.items():
            setattr(item, name, value)
        item.review_by = timezone.localdate() + timedelta(days=180)
        item.save()
        services.submit(item, users["thandi"])
        if state == "published":
            services.approve(item, users["ayesha"])
            if kind == "lesson":
                action = services.add_action(item, users["lerato"], title, "Thandi Nkosi",
                                             timezone.localdate() + timedelta(days=30))
                if "microphone" in title:
                    services.set_action_status(action, users["lerato"], ActionStatus.DONE)
        elif state == "changes_requested":
            services.request_changes(item, users["ayesha"],
                                     "Say which sessions this worked in and how long it took.")
        made.append(item)
    if made:
        services.record_reuse(made[1], users["sipho"],
                              "Put the join link in our HR forum invitation: everyone online "
                              "was in before the start.", "Human Resource Development")
    return made

"""Changes made in the Django admin land in the audit trail like the product's own."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from indaba.audit import services as audit
from indaba.audit.admin_site import AuditedAdminSite, AuditedModelAdmin
from indaba.audit.models import Entry, Payload
from tests.communities.helpers import make_user

NEW_PASSWORD = "an-entirely-new-passphrase-9"


def entries(action: str) -> list[tuple[Entry, dict[str, Any]]]:
    return [(e, json.loads(Payload.objects.get(seq=e.seq).data))
            for e in Entry.objects.filter(action=action).order_by("seq")]


@pytest.fixture
def root(db: None) -> tuple[Any, Client]:
    user = get_user_model()._default_manager.create_superuser(
        "root", "root@example.org", "a-long-admin-password-1")
    client = Client()
    client.force_login(user)
    return user, client


def test_every_registered_model_admin_records_its_changes() -> None:
    assert isinstance(admin.site, AuditedAdminSite)
    registered = admin.site._registry
    assert get_user_model() in registered and Group in registered
    unaudited = [model for model, model_admin in registered.items()
                 if not isinstance(model_admin, AuditedModelAdmin)]
    assert unaudited == []


def test_adding_and_deleting_in_the_admin_is_recorded(root: tuple[Any, Client]) -> None:
    user, client = root
    for name in ("reviewers", "leads"):
        assert client.post("/admin/auth/group/add/", {"name": name}).status_code == 302
    added = entries("admin.add")
    assert [(e.actor, e.object_type, p["model"], p["object"]) for e, p in added] == [
        (f"user:{user.pk}", "group", "auth.group", "reviewers"),
        (f"user:{user.pk}", "group", "auth.group", "leads")]
    assert added[0][0].object_id == str(Group.objects.get(name="reviewers").pk)

    ids = [str(g.pk) for g in Group.objects.all()]
    response = client.post("/admin/auth/group/", {
        "action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert response.status_code == 302 and not Group.objects.exists()
    deleted = entries("admin.delete")
    assert sorted((e.object_id, p["object"]) for e, p in deleted) == sorted(
        zip(ids, ["reviewers", "leads"], strict=True))
    assert audit.verify().ok


def test_a_password_set_in_the_admin_is_recorded_without_the_password(
        root: tuple[Any, Client]) -> None:
    user, client = root
    thandi = make_user("thandi")
    response = client.post(f"/admin/auth/user/{thandi.pk}/password/", {
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    thandi.refresh_from_db()
    assert thandi.check_password(NEW_PASSWORD)
    [(entry, payload)] = entries("admin.change")
    assert (entry.actor, entry.object_type, entry.object_id) == (
        f"user:{user.pk}", "user", str(thandi.pk))
    assert payload["model"] == "auth.user" and payload["object"] == "thandi"
    # The changed person is a subject: erasing them redacts this entry's payload.
    assert f" user:{thandi.pk} " in Payload.objects.get(seq=entry.seq).subjects
    everything = "".join(p.data for p in Payload.objects.all())
    assert NEW_PASSWORD not in everything


def test_a_refused_admin_form_records_nothing(root: tuple[Any, Client]) -> None:
    _, client = root
    before = Entry.objects.count()
    assert client.post("/admin/auth/group/add/", {"name": ""}).status_code == 200
    assert Entry.objects.count() == before

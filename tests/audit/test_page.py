"""/audit/: superusers only, filters, pages, and nothing people wrote rendered as HTML."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from indaba.audit import services as audit
from indaba.audit.models import Entry
from tests.communities.helpers import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    admin = get_user_model()._default_manager.create_superuser(
        "root", "root@example.org", "a-long-admin-password-1")
    client = Client()
    client.force_login(admin)
    return client


def test_only_superusers_see_the_audit_trail() -> None:
    response = Client().get("/audit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    staff = make_user("staffer", is_staff=True)
    client = Client()
    client.force_login(staff)
    assert client.get("/audit/").status_code == 403
    assert 'href="/audit/"' not in client.get("/").content.decode()


def test_superusers_find_it_in_the_menu(admin_client: Client) -> None:
    assert '<a href="/audit/">Audit trail</a>' in admin_client.get("/").content.decode()


def test_user_written_text_is_shown_as_text(admin_client: Client) -> None:
    audit.record("communities.settings_changed", obj=("community", 1),
                 payload={"changed": {"name": {"from": "A", "to": "<script>alert(1)</script>"}}})
    page = admin_client.get("/audit/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "communities.settings_changed" in page


def test_filters_and_pages(admin_client: Client) -> None:
    for n in range(60):
        audit.record("test.bulk", obj=("board", f"b{n % 2}"), actor="cli",
                     payload={"n": n})
    audit.record("auth.sign_in", obj=("user", 7), actor="user:7")
    audit.record("auth.sign_in_failed", obj=("user", 7), actor="anonymous")

    def seqs(query: str) -> list[int]:
        page = admin_client.get("/audit/" + query).content.decode()
        return [int(cell.split(">")[1].split("<")[0])
                for cell in page.split('<th scope="row"')[1:]]

    # Entry 1 is the administrator's own sign-in; the bulk entries are 2..61.
    assert seqs("") == list(range(63, 13, -1))  # newest first, 50 a page
    assert seqs("?page=2") == list(range(13, 0, -1))
    assert seqs("?action=auth") == [63, 62, 1]
    assert seqs("?action=auth.sign_in") == [62, 1]
    assert seqs("?actor=user:7") == [62]
    assert seqs("?object_type=board&object_id=b1") == list(range(61, 1, -2))
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    assert seqs(f"?since={tomorrow}") == []
    assert seqs(f"?until={yesterday}") == []
    assert len(seqs(f"?since={yesterday}&until={tomorrow}&actor=cli")) == 50
    page = admin_client.get("/audit/?actor=cli").content.decode()
    assert "actor=cli&amp;page=2" in page  # the next page keeps the filter
    assert Entry.objects.count() == 63


def test_redacted_entries_say_so(admin_client: Client) -> None:
    audit.record("meetings.join", obj=("session", 1), payload={"name": "Amahle Zulu"},
                 subjects=["guest:9"])
    audit.redact(["guest:9"])
    page = admin_client.get("/audit/").content.decode()
    assert "Amahle" not in page and "<em>redacted</em>" in page

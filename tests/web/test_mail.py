"""Mail fails closed: with the default settings (no SMTP server) a reset or invitation
link goes to a private file in the data directory, never to a log or the console."""

from __future__ import annotations

import logging
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from indaba.communities import services as community_services
from indaba.web import mail
from indaba.web import settings as indaba_settings
from tests.communities.helpers import World, make_user


@pytest.fixture
def outbox(settings: Any, tmp_path: Path) -> Path:
    # pytest-django swaps in its in-memory backend; put back what Indaba configures.
    settings.EMAIL_BACKEND = indaba_settings.EMAIL_BACKEND
    settings.DATA_DIR = tmp_path
    return tmp_path / mail.OUTBOX_DIR


def _messages(outbox: Path) -> list[Path]:
    return sorted(outbox.iterdir())


def test_without_smtp_the_outbox_is_the_default() -> None:
    assert not indaba_settings.EMAIL_HOST
    assert indaba_settings.EMAIL_BACKEND == mail.BACKEND


def test_a_reset_link_goes_to_a_private_file_not_the_log(
        world: World, outbox: Path, caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture[str]) -> None:
    make_user("lerato")
    caplog.set_level(logging.DEBUG)
    response = Client().post("/accounts/password/reset/", {"email": "lerato@example.org"})
    assert response.status_code == 302
    community_services.invite(world.community, "new.person@example.org", "member",
                              world.users["lead"], "https://indaba.test")

    assert stat.S_IMODE(outbox.stat().st_mode) == 0o700
    files = _messages(outbox)
    assert len(files) == 2  # one file per message: retention deletes them by age
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    written = "".join(f.read_text() for f in files)
    reset = re.search(r"/accounts/password/reset/(\S+)/(\S+)/", written)
    invitation = re.search(r"/communities/invitations/(\S+)/", written)
    assert reset and invitation, written
    assert "To: lerato@example.org" in written and "To: new.person@example.org" in written
    captured = capsys.readouterr()
    for secret in (reset.group(2), invitation.group(1)):
        assert secret not in caplog.text
        assert secret not in captured.out + captured.err


def test_an_existing_outbox_folder_open_to_others_is_made_private(
        outbox: Path, settings: Any) -> None:
    from django.core.mail import send_mail

    outbox.mkdir()
    outbox.chmod(0o755)
    send_mail("s", "body with a link", "a@example.org", ["b@example.org"])
    assert stat.S_IMODE(outbox.stat().st_mode) == 0o700
    [message] = _messages(outbox)
    assert stat.S_IMODE(message.stat().st_mode) == 0o600
    assert "body with a link" in message.read_text()


def test_the_server_announces_the_outbox_path_only(
        outbox: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="indaba.mail")
    mail.announce()
    assert str(outbox) in caplog.text and "0600" in caplog.text

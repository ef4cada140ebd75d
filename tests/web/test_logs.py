"""Nothing that grants access is written to the log."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from indaba.web.logs import HideSecrets, mask, uvicorn_log_config


@pytest.mark.parametrize(("line", "expected"), [
    ("WebSocket /sync/abc?token=eyJ.secret.sig", "WebSocket /sync/abc?token=[hidden]"),
    ("GET /boards/abc?token=s3cret&x=1 500", "GET /boards/abc?token=[hidden]&x=1 500"),
    ("GET /accounts/password/reset/MQ/cbx-123abc/", "GET /accounts/password/reset/[hidden]"),
    ("GET /communities/invitations/k3y/", "GET /communities/invitations/[hidden]"),
    ("GET /join/AB12CD/", "GET /join/[hidden]"),
    ("GET /accounts/password/reset/sent/", "GET /accounts/password/reset/sent/"),
    ("board b1 loaded", "board b1 loaded"),
])
def test_secrets_in_urls_are_masked(line: str, expected: str) -> None:
    assert mask(line) == expected


def test_the_filter_masks_formatted_arguments() -> None:
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1,
                               "Internal Server Error: %s", ("/boards/x?token=abc",), None)
    assert HideSecrets().filter(record)
    assert record.getMessage() == "Internal Server Error: /boards/x?token=[hidden]"


@pytest.mark.django_db
def test_a_server_error_is_logged_with_its_traceback_and_no_token(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from django.test import Client

    from indaba.web import views

    # The console handler as configured (formatter and filter included), writing here.
    (handler,) = [h for h in logging.getLogger("django.request").handlers
                  if any(isinstance(f, HideSecrets) for f in h.filters)]
    assert isinstance(handler, logging.StreamHandler)
    written = io.StringIO()
    monkeypatch.setattr(handler, "stream", written)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views, "render", broken)
    response = Client(raise_request_exception=False).get("/?token=very-secret-token")
    assert response.status_code == 500
    logged = written.getvalue()
    assert "ERROR django.request: Internal Server Error: /" in logged
    assert "RuntimeError: the database went away" in logged
    assert "very-secret-token" not in logged


def test_a_signed_board_token_is_masked_wherever_it_appears() -> None:
    token = "eyJ0IjoiYWJjZGVmZ2hpamtsbW5vcCIsImIiOiJBYkNkRWZHaElqS2wifQ:1xY6f6:" \
            "ARp1l1NuhzS-u32zPIshd3Xu47GVPh2-nytRf29Vi70"
    assert mask(f"Bearer {token} refused") == "Bearer [hidden] refused"
    assert mask(f"/sync/b1?access_token={token}") == "/sync/b1?access_token=[hidden]"


def test_uvicorn_access_records_keep_their_arguments_masked() -> None:
    # uvicorn's access formatter unpacks record.args itself: they must stay a 5-tuple.
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("1.2.3.4:5", "GET", "/boards/b?token=abc", "1.1", 200), None)
    assert HideSecrets().filter(record)
    assert record.args == ("1.2.3.4:5", "GET", "/boards/b?token=[hidden]", "1.1", 200)


def test_a_traceback_is_masked() -> None:
    try:
        raise ValueError("bad URL /sync/b?token=s3cret-value")
    except ValueError:
        record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1,
                                   "Exception in ASGI application", (), sys.exc_info())
    assert HideSecrets().filter(record)
    assert record.exc_text and "s3cret-value" not in record.exc_text
    assert "token=[hidden]" in logging.Formatter().format(record)


def test_uvicorn_handlers_carry_the_filter_and_the_access_log_is_a_choice() -> None:
    off, on = uvicorn_log_config(False), uvicorn_log_config(True)
    for config in (off, on):
        assert all(h["filters"] == ["hide_secrets"] for h in config["handlers"].values())
    assert off["loggers"]["uvicorn.access"]["level"] == "CRITICAL"
    assert on["loggers"]["uvicorn.access"]["level"] == "INFO"

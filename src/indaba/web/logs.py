"""Log hygiene: secrets that travel in URLs (board tokens, join codes in links, reset and
invitation keys) are masked in every line Indaba's and uvicorn's handlers write.

uvicorn logs every WebSocket handshake (`"WebSocket /sync/<id>?token=…" [accepted]`) at
INFO through `uvicorn.error`, whatever the access-log setting, and stock y-websocket
clients can only pass parameters in the query string; so the token cannot be kept out of
the URL and is scrubbed from every record instead (`HideSecrets` on every handler).
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable
from typing import Any

# query parameters and path segments that carry a credential (`access_token=`, `api_key=`…)
_SECRET_PARAM = re.compile(
    r"(?i)\b(\w*token|\w*key|password|sig|signature|code)=([^&\s\"']+)")
_SECRET_PATH = re.compile(
    r"(/password/reset/|/invitations/|/join/)(?!sent/|done/)[^\s\"'?]+")
# A value signed by django.core.signing (board access tokens): payload[:timestamp]:signature,
# the signature 43 base64url characters (HMAC-SHA256). Caught wherever it appears.
_SIGNED_VALUE = re.compile(
    r"(?<![\w.-])[\w.-]{8,}(?::[\w-]{1,16})?:[\w-]{43}(?![\w-])")
HIDDEN = "[hidden]"


def mask(text: str) -> str:
    text = _SECRET_PARAM.sub(rf"\1={HIDDEN}", text)
    text = _SECRET_PATH.sub(rf"\1{HIDDEN}", text)
    return _SIGNED_VALUE.sub(HIDDEN, text)


def _masked(value: Any) -> Any:
    return mask(value) if isinstance(value, str) else value


class HideSecrets(logging.Filter):
    """Masks secrets in a record's message, its arguments and its traceback.

    Arguments are masked one by one, keeping the tuple: uvicorn's access formatter reads
    `record.args` itself (client, method, path, version, status) rather than the message.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _masked(v) for k, v in record.args.items()}
        if record.exc_info and not record.exc_text:
            # Formatted once here so the traceback's text (exception messages can hold a
            # URL) is masked too; formatters print exc_text when it is set.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


def protect(logger_names: Iterable[str]) -> None:
    """Add HideSecrets to these loggers and to every handler they write through (root
    included): for a server started by `uvicorn` directly rather than `indaba serve`."""
    names = ["", *logger_names]
    for name in names:
        logger = logging.getLogger(name)
        targets: list[logging.Filterer] = [logger, *logger.handlers]
        for target in targets:
            if not any(isinstance(f, HideSecrets) for f in target.filters):
                target.addFilter(HideSecrets())


UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


def uvicorn_log_config(access_log: bool) -> dict[str, Any]:
    """uvicorn's own logging configuration with HideSecrets on both of its handlers; the
    access log (to stdout) only when the operator turned it on (INDABA_ACCESS_LOG)."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"hide_secrets": {"()": "indaba.web.logs.HideSecrets"}}
    for handler in config["handlers"].values():
        handler["filters"] = ["hide_secrets"]
    if not access_log:
        config["loggers"]["uvicorn.access"]["level"] = "CRITICAL"
    return config

"""Log hygiene: secrets that travel in URLs (board tokens, join codes in links, reset and
invitation keys) are masked in every line the console handler writes."""

from __future__ import annotations

import logging
import re

# query parameters and path segments that carry a credential
_SECRET_PARAM = re.compile(r"(?i)\b(token|key|password|sig|signature|code)=([^&\s\"']+)")
_SECRET_PATH = re.compile(
    r"(/password/reset/|/invitations/|/join/)(?!sent/|done/)[^\s\"'?]+")


def mask(text: str) -> str:
    text = _SECRET_PARAM.sub(r"\1=[hidden]", text)
    return _SECRET_PATH.sub(r"\1[hidden]", text)


class HideSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True

"""Every close code the server sends is one the board page can explain."""

from __future__ import annotations

import re
from pathlib import Path

from indaba.sync.closecodes import CloseCode

PAGE_CODES = Path(__file__).parents[2] / "frontend" / "src" / "connection" / "closeCodes.ts"
OPERATIONS = Path(__file__).parents[2] / "docs" / "operations.md"


def test_the_page_and_the_docs_know_every_application_close_code() -> None:
    page = {int(code) for code in re.findall(r"^\s*(4\d\d\d):", PAGE_CODES.read_text(), re.M)}
    docs = OPERATIONS.read_text()
    for code in CloseCode:
        if code >= 4000:
            assert code in page, f"closeCodes.ts does not explain {code} ({code.name})"
            assert f"`{int(code)}`" in docs, f"docs/operations.md does not list {code}"

"""axe-core inside the browser tests: WCAG 2.1 A/AA checks of the page a test is on.

axe-core comes from the front end's npm devDependencies (frontend/node_modules, installed
by scripts/setup), read from disk and evaluated in the page: the check needs no network. It
is evaluated through the DevTools protocol rather than added as a <script> tag, because
Indaba's Content Security Policy (script-src 'self') rightly refuses inline scripts; axe
sets `window.axe` itself.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

RUN = """async (tags) => {
  const results = await window.axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                  resultTypes: ['violations']});
  return results.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(' '))}));
}"""


@cache
def axe_source() -> str:
    if not AXE.exists():
        raise AssertionError(f"axe-core not installed at {AXE}: run (cd frontend && npm ci)")
    return AXE.read_text(encoding="utf-8")


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """The page's serious and critical WCAG 2.1 A/AA violations, as axe reports them."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{\n{axe_source()}\n}}")
    found: list[dict[str, Any]] = page.evaluate(RUN, WCAG_21_AA)
    return [v for v in found if v["impact"] in BLOCKING]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"- {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'][:8])}"
                     for v in violations)


def assert_no_serious_violations(page: Page, context: str) -> None:
    """Fail listing every serious or critical violation on the page (`context` names it)."""
    violations = serious_violations(page)
    assert not violations, f"axe on {context} ({page.url}):\n{describe(violations)}"

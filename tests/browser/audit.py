"""What the browser tests check on every page: axe-core's audit and table cells one can see."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

WIDTHS = (390, 1400)
"""A phone and a wide screen: every page is checked at both."""


def axe_violations(
    page: Any, script: Path, impacts: tuple[str, ...] = ("serious", "critical")
) -> list[str]:
    """axe-core's WCAG 2.x A/AA violations of ``impacts`` on the page, one line each."""
    # Evaluated through the DevTools protocol, so the page's Content-Security-Policy (scripts
    # from 'self' only) stays on and is audited as served.
    page.evaluate(script.read_text(encoding="utf-8") + "\n;void 0")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: [
                "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
            resultTypes: ["violations"],
        })"""
    )
    lines = []
    for v in result["violations"]:
        if v["impact"] in impacts:
            targets = [json.dumps(n["target"]) for n in v["nodes"][:3]]
            lines.append(f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}x) {targets}")
    return lines


def hidden_cells(page: Any) -> list[str]:
    """Table cells the reader cannot see (``hidden_cells.js``), one line each."""
    script = (Path(__file__).parent / "hidden_cells.js").read_text(encoding="utf-8")
    found: list[str] = page.evaluate(script)
    return found

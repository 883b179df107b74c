"""``/docs`` with the network cut: every request that is not for 127.0.0.1 is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from tests.browser.audit import WIDTHS, axe_violations, hidden_cells

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", WIDTHS)
def test_the_api_docs_render_with_the_network_blocked(
    browser: Any, server_url: str, axe_script: Path, artefacts: Path, width: int
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": width, "height": 900})
    blocked: list[str] = []

    def only_this_machine(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_machine)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server_url + "/docs")
    expect(page.locator("h1")).to_contain_text("JSON API")
    for route in ("/api/elections", "/api/regions/{code}", "/api/project", "/api/simulate"):
        expect(page.locator("section.op h2", has_text=route).first).to_be_visible()
    expect(page.locator("section.op").filter(has_text="/api/project")).to_contain_text(
        "ScenarioRequest"
    )
    page.screenshot(path=str(artefacts / f"docs-{width}.png"), full_page=True)
    assert blocked == [] and errors == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    assert hidden_cells(page) == []
    assert axe_violations(page, axe_script) == []
    context.close()

"""The scenario page in Chromium: pick Hauts-de-France, keep the Socialist list, break the law."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SOCIALIST = "DE SAINTIGNON Pierre"
BERTRAND = "BERTRAND Xavier"
COMMUNIST = "ROUSSEL Fabien"


@pytest.fixture
def page(browser: Any, server_url: str) -> Iterator[Any]:
    """The page, loaded, with its console errors collected in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors = []

    def on_console(message: Any) -> None:
        if message.type == "error":
            tab.errors.append(message.text)

    tab.on("console", on_console)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.goto(server_url + "/")
    yield tab
    context.close()


def settled(page: Any, lists: int) -> None:
    """Wait until the projection and the chances show ``lists`` round-2 lists."""
    from playwright.sync_api import expect

    expect(page.locator("#seats-table tbody tr")).to_have_count(lists)
    expect(page.locator("#chances .chance")).to_have_count(lists)
    expect(page.locator("#result")).not_to_have_class(re.compile(r"\bstale\b"))


def choose_hauts_de_france(page: Any) -> None:
    from playwright.sync_api import expect

    settled(page, 3)  # Île-de-France, the first region, is shown first
    page.select_option("#region-select", label="Hauts-de-France")
    expect(page.locator("#region-meta")).to_contain_text("Hauts-de-France")
    settled(page, 2)


def bertrand(page: Any) -> tuple[int, float]:
    seats = page.locator(f'#seats-table tr[data-head="{BERTRAND}"] td.seats').inner_text()
    chance = page.locator(f'.chance[data-head="{BERTRAND}"] .p-first').inner_text()
    return int(seats), float(chance.split()[0])


def test_the_page_loads_offline_clean(page: Any, server_url: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator("h1")).to_have_text("Round-2 playground")
    expect(page.locator("#election-select")).to_have_value("regionales-2015")
    expect(page.locator("#region-select")).to_have_value("11")  # the first region: Île-de-France
    settled(page, 3)
    # The page opens on what happened: Pécresse first, with her 121 seats.
    pecresse = page.locator('#seats-table tr[data-head="PÉCRESSE Valérie"] td.seats')
    expect(pecresse).to_have_text("121")
    expect(page.locator("#expected")).to_contain_text("What happened")
    expect(page.locator("#hemicycle svg.hemicycle")).to_have_count(1)
    assert page.locator("#hemicycle circle").count() > 0
    html = page.content()
    assert "https://" not in html and "http://" not in html
    assert page.errors == []


def test_keeping_the_socialist_list_changes_seats_and_bertrands_chance(page: Any) -> None:
    from playwright.sync_api import expect

    choose_hauts_de_france(page)
    expect(page.locator(f'select[data-head="{SOCIALIST}"]')).to_have_value("absent")
    seats_before, chance_before = bertrand(page)
    assert seats_before == 116  # what happened: the opening view reproduces the real duel
    assert chance_before > 80

    page.select_option(f'select[data-head="{SOCIALIST}"]', "stand")
    settled(page, 3)
    seats_after, chance_after = bertrand(page)
    assert seats_after < seats_before
    assert chance_after < 20
    assert page.locator("#hemicycle circle").count() == 170
    assert page.errors == []


def test_an_illegal_lineup_shows_the_laws_reason(page: Any) -> None:
    from playwright.sync_api import expect

    choose_hauts_de_france(page)
    page.select_option(f'select[data-head="{COMMUNIST}"]', "stand")
    error = page.locator("#error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("cannot stand in round 2")
    expect(error).to_contain_text("below 10 %")
    expect(error).to_contain_text("art. L346")
    # The browser logs the refused request (422); nothing else may go wrong.
    assert all("422" in e for e in page.errors), page.errors

    page.select_option(f'select[data-head="{COMMUNIST}"]', "absent")
    expect(error).to_be_hidden()
    settled(page, 2)

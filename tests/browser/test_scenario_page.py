"""The scenario page in Chromium: pick Hauts-de-France, keep the Socialist list, break the law."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.browser.audit import WIDTHS, axe_violations, hidden_cells

pytestmark = pytest.mark.browser

SOCIALIST = "DE SAINTIGNON Pierre"
BERTRAND = "BERTRAND Xavier"
COMMUNIST = "ROUSSEL Fabien"


@pytest.fixture
def page(browser: Any, server_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """The page, loaded, with its console errors collected in ``page.errors``.

    1280 px wide, or the width a test is parametrized with (``width``)."""
    width = (
        request.node.callspec.params.get("width", 1280)
        if hasattr(request.node, "callspec")
        else 1280
    )
    context = browser.new_context(viewport={"width": width, "height": 900})
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


def keep_socialist_list(page: Any) -> None:
    choose_hauts_de_france(page)
    page.select_option(f'select[data-head="{SOCIALIST}"]', "stand")
    settled(page, 3)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_shows_every_column_and_passes_axe(
    page: Any, axe_script: Path, artefacts: Path, width: int
) -> None:
    keep_socialist_list(page)
    page.screenshot(path=str(artefacts / f"page-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    assert hidden_cells(page) == []
    assert axe_violations(page, axe_script) == []
    assert page.errors == []


def test_the_page_shows_seat_distributions_for_hdf_with_the_socialist_list_kept(
    page: Any,
) -> None:
    from playwright.sync_api import expect

    keep_socialist_list(page)
    charts = page.locator("#seat-charts svg.seat-chart")
    expect(charts).to_have_count(3)
    for i in range(3):
        chart = charts.nth(i)
        assert chart.locator("rect").count() > 3  # a bar per seat count the draws reached
        assert chart.locator("line.majority").count() == 1
        assert "absolute majority (86 seats of 170)" in chart.get_attribute("aria-label")
        assert chart.bounding_box()["width"] > 150
    outcomes = page.locator("#outcomes-table tbody tr")
    expect(outcomes).to_have_count(3)
    expect(outcomes.first).to_contain_text("LE PEN Marine")
    expect(page.locator("#announce")).to_contain_text("comes first in")


def test_five_right_arrow_presses_move_a_share_five_steps(page: Any) -> None:
    from playwright.sync_api import expect

    choose_hauts_de_france(page)
    row = page.locator('#transfers [data-source="abstention"]')
    slider = row.locator(f'input[data-dest="{BERTRAND}"]')
    expect(slider).to_have_attribute("aria-label", "from round-1 abstainers to BERTRAND Xavier")
    before = float(slider.input_value())
    slider.focus()
    for _ in range(5):
        # Each press is followed by the page's whole update (projection, then chances) before the
        # next one: the focus must survive it, or the next press would go to <body>.
        with page.expect_response(lambda r: "/api/simulate" in r.url):
            page.keyboard.press("ArrowRight")
        settled(page, 2)
    after = float(slider.input_value())
    assert round(after - before, 1) == 0.5  # five steps of 0.1 point
    assert page.evaluate("document.activeElement.dataset.dest") == BERTRAND  # focus kept
    # The track is filled up to the share, not drawn dark from end to end (Chromium's own
    # slider does that for light colours, which read as 100 %).
    fill = slider.evaluate("x => x.style.getPropertyValue('--v')")
    assert fill.endswith("%") and abs(float(fill[:-1]) - after) < 0.05
    blank = row.locator('input[data-dest="blank-null"]')
    assert float(blank.evaluate("x => x.style.getPropertyValue('--v')")[:-1]) < 50
    assert slider.get_attribute("aria-valuetext") == f"{after:.1f}\u00a0%"
    output = row.locator(f'input[data-dest="{BERTRAND}"] + output')
    expect(output).to_have_text(f"{after:.1f}\u00a0%")


def test_a_drop_down_keeps_the_focus_across_updates(page: Any) -> None:
    from playwright.sync_api import expect

    choose_hauts_de_france(page)
    select = page.locator(f'select[data-head="{SOCIALIST}"]')
    select.focus()
    page.keyboard.press("ArrowUp")  # absent -> stands
    settled(page, 3)
    expect(select).to_have_value("stand")
    assert page.evaluate("document.activeElement.dataset.head") == SOCIALIST
    page.keyboard.press("ArrowDown")  # stands -> withdraws, from the same control
    settled(page, 2)
    expect(select).to_have_value("absent")
    assert page.evaluate("document.activeElement.dataset.head") == SOCIALIST


def test_every_slider_is_named_from_its_row_to_its_column(page: Any) -> None:
    choose_hauts_de_france(page)
    labels = page.locator("#transfers input[type=range]").evaluate_all(
        "xs => xs.map(x => x.getAttribute('aria-label'))"
    )
    assert labels and len(labels) == len(set(labels))  # no two sliders share a name
    assert all(re.fullmatch(r"from .+ to .+", label) for label in labels)
    assert f"from {SOCIALIST} to LE PEN Marine" in labels

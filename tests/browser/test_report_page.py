"""The offline report in Chromium: the map and the 12 hemicycles of 2015 render, nothing loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.browser.audit import WIDTHS, axe_violations, hidden_cells

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory, report_2015: str) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(report_2015, encoding="utf-8")
    return path


def test_the_report_renders_its_map_and_hemicycles_offline(browser: Any, report_file: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report_file.as_uri())

    hemicycles = page.locator("svg.hemicycle")
    assert hemicycles.count() == 12
    for i in range(hemicycles.count()):
        box = hemicycles.nth(i).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50
    circles = page.locator("svg.hemicycle circle").count()
    assert circles == 1671  # one per seat of the 12 councils (1 671 seats, RULES.md)

    region_map = page.locator("svg.region-map")
    assert region_map.count() == 1
    box = region_map.bounding_box()
    assert box is not None and box["width"] > 200
    assert page.locator("svg.region-map path[data-region]").count() >= 13
    assert page.locator("svg.region-map [data-mark]").count() >= 13

    assert errors == []
    assert requests == [report_file.as_uri()]  # nothing but the file itself
    context.close()


def test_the_report_fits_a_narrow_window(browser: Any, report_file: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(report_file.as_uri())
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1  # tables scroll inside their own box, the page never scrolls sideways
    assert page.locator("svg.hemicycle").first.bounding_box()["width"] <= 390
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_shows_every_column_and_passes_axe(
    browser: Any, report_file: Path, axe_script: Path, artefacts: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(report_file.as_uri())
    page.screenshot(path=str(artefacts / f"report-{width}.png"))
    hdf = page.locator("#regionales-2015-32")
    hdf.scroll_into_view_if_needed()
    hdf.screenshot(path=str(artefacts / f"report-hdf-{width}.png"))
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    assert hidden_cells(page) == []
    assert axe_violations(page, axe_script) == []
    context.close()


@pytest.fixture(scope="module")
def report_with_heatmap(tmp_path_factory: pytest.TempPathFactory, hdf_commune_rounds: Any) -> Path:
    """The 2015 report with Hauts-de-France's (synthetic) communes: its transfer heat-map."""
    from ballottage.data import Store
    from ballottage.data.imports import import_minint
    from ballottage.report.build import build_report

    folder = tmp_path_factory.mktemp("communes")
    with Store(":memory:") as store:
        store.load_bundled()
        for round_, rows in ((1, hdf_commune_rounds[0]), (2, hdf_commune_rounds[1])):
            path = folder / f"t{round_}.csv"
            path.write_text("\n".join(";".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
            import_minint(store, path, election="regionales-2015", round=round_)
        html = build_report(store, "2015")
    path = folder / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.mark.parametrize("width", WIDTHS)
def test_the_heat_map_reflows_on_a_phone(
    browser: Any, report_with_heatmap: Path, axe_script: Path, artefacts: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(report_with_heatmap.as_uri())
    heatmap = page.locator("table.heatmap")
    assert heatmap.count() == 1
    heatmap.screenshot(path=str(artefacts / f"report-heatmap-{width}.png"))
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    assert hidden_cells(page) == []
    assert axe_violations(page, axe_script) == []
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_draws_hdf_seat_distributions_with_the_socialist_list_kept(
    browser: Any, report_file: Path, artefacts: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(report_file.as_uri())
    block = page.locator("#regionales-2015-32-whatif")
    assert "What if DE SAINTIGNON Pierre had stayed in round 2?" in block.locator("h4").inner_text()
    charts = block.locator("svg.seat-chart")
    assert charts.count() == 3
    for i in range(3):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box is not None and 150 < box["width"] <= width
        assert chart.locator("line.majority").count() == 1
        assert chart.locator("rect").count() > 3
    rows = block.locator("table.outcomes tbody tr")
    assert rows.count() == 3 and "LE PEN Marine" in rows.first.inner_text()
    block.screenshot(path=str(artefacts / f"report-hdf-whatif-{width}.png"))
    context.close()

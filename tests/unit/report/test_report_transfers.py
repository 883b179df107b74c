"""Where did the voters go, in the report: a heat-map per region with commune results, else a note.

The commune files are synthetic, in the Ministry's wide layout (the ``hdf_commune_rounds``
fixture of ``tests/conftest.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ballottage.data import Store
from ballottage.data.imports import import_minint
from ballottage.elections.overview import election_overviews
from ballottage.elections.transfers import RegionTransfers
from ballottage.report.build import build_report

TRUTH = Path(__file__).resolve().parents[3] / "examples" / "transfers-truth-hdf.toml"
E = "regionales-2015"
COMMUNES = 30
NOTE = 'class="missing transfers-note"'


def write_communes(store: Store, directory: Path, rounds: Any) -> None:
    """Import both rounds of Hauts-de-France by commune (synthetic) into ``store``."""
    rows1, rows2, _ = rounds
    for round_, rows in ((1, rows1), (2, rows2)):
        path = directory / f"t{round_}.csv"
        path.write_text("\n".join(";".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
        import_minint(store, path, election=E, round=round_)


@pytest.fixture(scope="module")
def with_communes(
    tmp_path_factory: pytest.TempPathFactory, hdf_commune_rounds: Any
) -> Iterator[Store]:
    with Store(":memory:") as store:
        store.load_bundled()
        write_communes(store, tmp_path_factory.mktemp("communes"), hdf_commune_rounds)
        yield store


@pytest.fixture(scope="module")
def bundled(bundled_store: Store) -> Store:
    return bundled_store


def region_html(html: str, code: str) -> str:
    """The ``<section>`` of one region of 2015."""
    start = html.index(f'<section class="region card" id="{E}-{code}"')
    return html[start : html.index("</section>", start)]


def test_the_hauts_de_france_section_shows_the_heat_map(with_communes: Store) -> None:
    html = build_report(with_communes, "2015")
    assert html.count('class="heatmap"') == 1
    hdf = region_html(html, "32")
    assert "<h4>Where did the voters go?</h4>" in hdf and 'class="heatmap"' in hdf
    caption = re.search(r"<caption>(.*?)</caption>", hdf[hdf.index('class="heatmap"') :])
    assert caption and "Hauts-de-France, Regional elections 2015" in caption.group(1)
    assert f"{5 * COMMUNES} communes" in caption.group(1)
    assert "90\u00a0% interval. " in caption.group(1) and "EM with IPF" in caption.group(1)
    assert "aggregation bias" in hdf and "“Other lists (merged)” holds" in hdf
    assert html.count('class="hemicycle"') == 12
    assert "http://" not in html and "https://" not in html


def test_the_estimate_recovers_the_known_transfers(with_communes: Store) -> None:
    (election,) = election_overviews(with_communes, "2015")
    regions = {r.code: r for r in election.regions}
    found = regions["32"].transfers
    assert isinstance(found, RegionTransfers)
    est = found.estimate
    assert est.cols == ("BERTRAND Xavier", "LE PEN Marine", "abstention", "blank-null")
    assert est.rows[:2] == ("LE PEN Marine", "BERTRAND Xavier")
    assert (est.units, est.bootstrap, found.unit_level) == (5 * COMMUNES, 0, "commune")
    assert est.method.startswith("EM with IPF unit tables")  # the default method
    assert est.shares[0, 1] == pytest.approx(0.93, abs=0.05)  # Le Pen's voters stayed with her
    assert est.shares[1, 0] == pytest.approx(0.93, abs=0.05)
    assert regions["32"].transfers_missing is None
    assert regions["11"].estimate is None and regions["11"].transfers_missing is not None
    assert regions["11"].transfers_missing.data
    (again,) = election_overviews(with_communes, "2015")
    twice = next(r.estimate for r in again.regions if r.code == "32")
    assert twice is not None and np.array_equal(twice.estimate.lower, est.lower, equal_nan=True)


def test_the_other_regions_are_named_in_one_note(with_communes: Store) -> None:
    html = build_report(with_communes, "2015")
    assert html.count(NOTE) == 1
    note = html[html.index(NOTE) : html.index("</p>", html.index(NOTE))]
    assert "Île-de-France" in note and "Hauts-de-France" not in note
    assert "no round-2 results by commune or canton" in note


def test_bundled_data_only_gives_one_note_per_election_and_no_heat_map(
    bundled: Store, report_all: str, report_2015: str
) -> None:
    assert report_all.count(NOTE) == len(bundled.elections()) == 2
    assert 'class="heatmap"' not in report_all
    html = report_2015
    assert html.count(NOTE) == 1 and html.count('class="hemicycle"') == 12
    note = html[html.index(NOTE) : html.index("</p>", html.index(NOTE))]
    assert "Not estimated for any region: the store has no round-2 results by commune" in note
    fetch = "<code>ballottage fetch regionales-2015-t1-communes regionales-2015-t2-communes</code>"
    assert fetch in note
    assert "<code>ballottage transfers regionales-2015 --region CODE</code>" in note
    assert "Where did the voters go?</h4>" not in html

"""What if a qualified list had stayed: the report simulates it where one withdrew."""

from __future__ import annotations

import pytest

from ballottage.data import Store
from ballottage.data.model import Turnout
from ballottage.elections.overview import RegionOverview, Round1, Round2, election_overviews
from ballottage.elections.rows import Bonus, ListRow, RoundTurnout
from ballottage.elections.whatif import WHATIF_DRAWS, kept_lists
from ballottage.law import Outcome
from ballottage.report.build import distribution

UNKNOWN = RoundTurnout(Turnout(None, None, None, None, None))


@pytest.fixture(scope="module")
def regions(bundled_store: Store) -> dict[str, RegionOverview]:
    (election,) = election_overviews(bundled_store, "2015", whatifs=True)
    return {r.code: r for r in election.regions}


def test_only_regions_where_a_qualified_list_withdrew_get_a_simulation(
    regions: dict[str, RegionOverview],
) -> None:
    simulated = {code for code, r in regions.items() if r.whatif}
    assert {"32", "93"} <= simulated  # the Socialists withdrew in HDF and PACA
    assert "11" not in simulated  # Île-de-France: every qualified list stood
    assert regions["01"].whatif is None  # no round 2 in the data


def test_hdf_with_the_socialist_list_kept(regions: dict[str, RegionOverview]) -> None:
    hdf = regions["32"].whatif
    assert hdf is not None and hdf.summary is not None
    assert hdf.kept == ("DE SAINTIGNON Pierre",) and hdf.error is None
    charts = distribution(regions["32"])
    assert charts is not None
    assert charts.draws == WHATIF_DRAWS and charts.seats_total == 170
    assert [c.name for c in charts.charts] == [
        "LE PEN Marine",
        "BERTRAND Xavier",
        "DE SAINTIGNON Pierre",
    ]
    assert all(sum(c.histogram) == WHATIF_DRAWS for c in charts.charts)
    assert charts.outcomes[0].list == "LE PEN Marine" and charts.outcomes[0].first > 0.9


def _round1(stand: tuple[str, ...]) -> Round1:
    return Round1(UNKNOWN, (), (), (), Outcome.ROUND2, 100, stand)


def _round2(*names: str) -> Round2:
    rows = tuple(ListRow(n, 1, 0.5) for n in names)
    return Round2(UNKNOWN, (), (), rows, Bonus(names[0], 1))


def test_nothing_to_ask_without_both_rounds() -> None:
    assert kept_lists(None, None) == ()
    assert kept_lists(_round1(("A",)), _round2("A")) == ()
    assert kept_lists(_round1(("A", "B")), _round2("C")) == ()  # C did not qualify
    assert kept_lists(_round1(("A", "B")), _round2("A")) == ("B",)

"""What if a qualified list had stayed: the report simulates it where one withdrew."""

from __future__ import annotations

import pytest

from ballottage.data import Store
from ballottage.plain import Plain
from ballottage.report.data import report_data
from ballottage.report.whatif import WHATIF_DRAWS, add_whatifs, kept_lists


@pytest.fixture(scope="module")
def regions(bundled_store: Store) -> dict[str, Plain]:
    data = report_data(bundled_store, "2015")
    add_whatifs(bundled_store, data)
    return {r["code"]: r for r in data["elections"][0]["regions"]}


def test_only_regions_where_a_qualified_list_withdrew_get_a_simulation(
    regions: dict[str, Plain],
) -> None:
    simulated = {code for code, r in regions.items() if r["whatif"]}
    assert {"32", "93"} <= simulated  # the Socialists withdrew in HDF and PACA
    assert "11" not in simulated  # Île-de-France: every qualified list stood
    assert regions["01"]["whatif"] is None  # no round 2 in the data


def test_hdf_with_the_socialist_list_kept(regions: dict[str, Plain]) -> None:
    hdf = regions["32"]["whatif"]
    assert hdf["kept"] == ["DE SAINTIGNON Pierre"] and hdf["error"] is None
    assert hdf["draws"] == WHATIF_DRAWS and hdf["seats_total"] == 170
    assert [c["name"] for c in hdf["charts"]] == [
        "LE PEN Marine",
        "BERTRAND Xavier",
        "DE SAINTIGNON Pierre",
    ]
    assert all(sum(c["histogram"]) == WHATIF_DRAWS for c in hdf["charts"])
    assert hdf["outcomes"][0]["list"] == "LE PEN Marine" and hdf["outcomes"][0]["first"] > 0.9


def test_nothing_to_ask_without_both_rounds() -> None:
    assert kept_lists({"round1": None, "round2": None}) == []
    assert kept_lists({"round1": {"stand": ["A"]}, "round2": {"lists": [{"name": "A"}]}}) == []
    irregular = {"round1": {"stand": ["A", "B"]}, "round2": {"lists": [{"name": "C"}]}}
    assert kept_lists(irregular) == []

"""The synthetic round 2: consistent figures, a known truth, transfers that vary with context."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pytest

from ballottage.law.rounds import lineup_from
from ballottage.law.rules import rule_set
from ballottage.live.model_data import region_units
from ballottage.live.model_units import REST
from ballottage.live.projection import UnitCount
from ballottage.live.synthetic import (
    local_matrices,
    plausible_lineup,
    regional_matrix,
    synthetic_round2,
    synthetic_transfers,
)


@pytest.fixture(scope="module")
def hdf() -> MappingProxyType[str, UnitCount]:
    return region_units("regionales-2015", 1, "canton", ("32",))["32"].units


def test_round2_figures_are_consistent_and_seeded(hdf: MappingProxyType[str, UnitCount]) -> None:
    lineup = plausible_lineup(hdf, {}, rule_set("regionales-2015"))
    # Hauts-de-France 2015: Le Pen, Bertrand and de Saintignon may stand (over 10 %).
    assert set(lineup.standing) == {"LE PEN Marine", "BERTRAND Xavier", "DE SAINTIGNON Pierre"}
    units = synthetic_round2(hdf, lineup, 4)
    assert units == synthetic_round2(hdf, lineup, 4) != synthetic_round2(hdf, lineup, 5)
    assert set(units) == set(hdf)
    for code, unit in units.items():
        assert set(unit.votes) == set(lineup.standing)
        assert sum(unit.votes.values()) == unit.exprimes <= unit.votants <= unit.inscrits
        assert unit.inscrits == hdf[code].inscrits


def test_the_true_matrix_is_the_units_tables(hdf: MappingProxyType[str, UnitCount]) -> None:
    lineup = lineup_from(["LE PEN Marine", "BERTRAND Xavier"], {})
    truth = synthetic_transfers(hdf, lineup, 1)
    assert truth.cols == ("LE PEN Marine", "BERTRAND Xavier", REST)
    assert np.allclose(truth.matrix.sum(axis=1), 1.0)
    x = np.array(
        [[hdf[c].votes.get(n, 0) for n in truth.rows[:-1]] for c in sorted(hdf)], dtype=float
    )
    # Every round-2 vote of a list comes from some round-1 category, as the matrix says.
    le_pen = sum(u.votes["LE PEN Marine"] for u in truth.units.values())
    voters = x.sum(axis=0)
    rest = sum(u.inscrits for u in hdf.values()) - voters.sum()
    assert le_pen == pytest.approx(voters @ truth.matrix[:-1, 0] + rest * truth.matrix[-1, 0])
    assert truth.matrix[truth.rows.index("LE PEN Marine"), 0] > 0.85  # a standing list keeps


def test_transfers_go_more_to_the_list_that_is_strong_around() -> None:
    rows = ("FN", "UD", "UG", REST)
    lineup = lineup_from(["FN", "UD"], {})
    base = regional_matrix(rows, lineup, np.random.default_rng(0))
    strong = np.array([[400, 200, 150, 250], [150, 350, 250, 250]], dtype=np.int64)
    local = local_matrices(base, strong, rows, lineup)
    left = rows.index("UG")
    # UG voters (eliminated) go more to FN in the unit where FN is strong, less where it is weak.
    assert local[0, left, 0] > base[left, 0] > local[1, left, 0]
    assert np.allclose(local.sum(axis=2), 1.0)
    assert local[0, left, -1] == pytest.approx(base[left, -1])  # abstention unchanged

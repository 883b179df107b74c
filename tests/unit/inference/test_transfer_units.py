"""Local units for transfer estimation: pairing rounds, dropping units, merging small rows,
validation on a known truth, and the scenario file an estimate is written as."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from tests.ministry_layout import commune_header

from ballottage.data import Store, open_store
from ballottage.data.imports import import_minint
from ballottage.errors import InvalidInput, MissingData
from ballottage.inference import estimate_transfers
from ballottage.inference.known_truth import estimator, truth_matrix, validate_on_units
from ballottage.inference.scenario_file import rounded_row, row_concentration, scenario_file_text
from ballottage.inference.units import (
    OTHERS,
    LocalCounts,
    local_counts,
    merge_small,
    transfer_units,
)
from ballottage.scenarios import load_scenario
from ballottage.scenarios.store import round1_figures

E = "regionales-2015"
TRUTH = Path(__file__).resolve().parents[3] / "examples" / "transfers-truth-hdf.toml"
LISTS = {
    2: ("LFN", "LE PEN Marine"),
    6: ("LUD", "BERTRAND Xavier"),
    4: ("LDIV", "MASCARO Eric"),
    8: ("LDVD", "BLONDEL Sylvain"),
}


def commune_file(path: Path, rows: list[tuple[str, int, int, int, int, dict[int, int]]]) -> Path:
    """A ``;`` file in the Ministry's wide layout: (commune, abstentions, blancs, nuls, extra
    votants, votes by list number) per row, in department 59."""
    blocks = max(len(r[5]) for r in rows)
    header = commune_header(blocks)
    lines = [";".join(header)]
    for code, abst, blancs, nuls, _, votes in rows:
        exprimes = sum(votes.values())
        votants = exprimes + blancs + nuls
        cells: list[object] = [
            "59",
            "NORD",
            code,
            f"C{code}",
            votants + abst,
            abst,
            votants,
            blancs,
            nuls,
            exprimes,
        ]
        for number, v in votes.items():
            nuance, head = LISTS[number]
            cells += [number, nuance, head[:8], head, head, v]
        cells += [""] * (len(header) - len(cells))
        lines.append(";".join(str(c) for c in cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_store(tmp_path: Path) -> Iterator[Store]:
    """Twelve communes of département 59, round 1 with two small lists, round 2 a duel.

    Commune 010 lacks Bertrand in round 2, 011 has 10 % more inscrits in round 2, 012 is
    missing from round 2: all three are dropped.
    """
    rng = np.random.default_rng(5)
    one, two = [], []
    for k in range(1, 13):
        code = f"{k:03d}"
        lp, b = int(rng.integers(300, 700)), int(rng.integers(200, 600))
        small = {4: int(rng.integers(5, 20)), 8: int(rng.integers(5, 20))}
        abst, blancs, nuls = int(rng.integers(600, 900)), int(rng.integers(5, 20)), 10
        one.append((code, abst, blancs, nuls, 0, {2: lp, 6: b, **small}))
        inscrits = lp + b + sum(small.values()) + abst + blancs + nuls
        lp2, b2, bl2, nu2 = lp + 40, b + 80, 20, 10
        abst2 = inscrits - lp2 - b2 - bl2 - nu2
        if code == "011":
            abst2 += inscrits // 10
        votes2 = {2: lp2} if code == "010" else {2: lp2, 6: b2}
        if code != "012":
            two.append((code, abst2, bl2, nu2, 0, votes2))
    with Store(":memory:") as store:
        import_minint(store, commune_file(tmp_path / "t1.csv", one), election=E, round=1)
        import_minint(store, commune_file(tmp_path / "t2.csv", two), election=E, round=2)
        yield store


@pytest.fixture(scope="module")
def hdf_cantons() -> tuple[LocalCounts, dict[str, tuple[float, ...]], tuple[str, ...]]:
    with open_store(":memory:") as store:
        scenario = load_scenario(TRUTH, lambda e, r: round1_figures(store, e, r))
        cantons = local_counts(store, E, "HDF", 1, "canton")
    return cantons, {row.source: row.shares for row in scenario.rows}, scenario.destinations


# ---- merging -------------------------------------------------------------------------------


def test_small_lists_and_blank_null_merge_into_others_but_standing_lists_never() -> None:
    labels = ["A", "B", "C", "D", "abstention", "blank-null"]
    voters = [400, 300, 20, 10, 250, 20]
    groups = merge_small(labels, voters, 0.03, keep=["C"])
    assert groups == (
        ("A", ("A",)),
        ("B", ("B",)),
        ("C", ("C",)),
        (OTHERS, ("D", "blank-null")),
        ("abstention", ("abstention",)),
    )
    assert merge_small(labels, voters, 0.0) == tuple((x, (x,)) for x in labels)
    lone = merge_small(labels, [400, 300, 20, 40, 250, 40], 0.03)
    assert [g for g, _ in lone] == labels  # one small category keeps its name
    assert [g for g, _ in merge_small(labels, [1, 1, 1, 1, 900, 1], 0.03)][-1] == "abstention"
    with pytest.raises(InvalidInput, match="reserved"):
        merge_small(["others", "abstention"], [1, 2], 0.03)
    with pytest.raises(InvalidInput, match="merge_below"):
        merge_small(labels, voters, 1.5)


# ---- units from the store ------------------------------------------------------------------


def test_hdf_cantons_split_every_inscrit_of_the_region(
    hdf_cantons: tuple[LocalCounts, dict[str, tuple[float, ...]], tuple[str, ...]],
) -> None:
    cantons = hdf_cantons[0]
    assert cantons.level == "canton" and len(cantons.areas) == 145 and not cantons.dropped
    assert cantons.labels[0] == "LE PEN Marine" and cantons.labels[-2:] == (
        "abstention",
        "blank-null",
    )
    totals = dict(zip(cantons.labels, cantons.counts.sum(axis=0).tolist(), strict=True))
    assert totals["LE PEN Marine"] == 909_025
    assert totals["abstention"] == 4_237_839 - 2_322_841
    assert totals["blank-null"] == 51_483 + 34_576
    assert int(cantons.counts.sum()) == 4_237_839
    with open_store(":memory:") as store, pytest.raises(InvalidInput, match="level"):
        local_counts(store, E, "HDF", 1, "department")


def test_units_missing_a_list_or_inscrits_or_round_are_dropped(small_store: Store) -> None:
    units = transfer_units(small_store, E, "HDF", merge_below=0.03)
    assert units.level == "commune" and len(units.areas) == 9
    assert "commune:59010" not in units.areas and "commune:59012" not in units.areas
    reasons = " | ".join(units.dropped)
    assert "commune:59010: no result for BERTRAND Xavier" in reasons
    assert "commune:59011:" in reasons and "inscrits in round 1" in reasons
    assert "commune:59012: not in round 2" in reasons
    assert units.rows == ("LE PEN Marine", "BERTRAND Xavier", OTHERS, "abstention")
    assert set(dict(units.members)[OTHERS]) == {"BLONDEL Sylvain", "MASCARO Eric", "blank-null"}
    assert units.cols[-2:] == ("abstention", "blank-null") and len(units.standing) == 2
    assert (units.round1.sum(axis=1) == units.round2.sum(axis=1)).all()


def test_without_round2_by_commune_the_round2_file_and_command_are_named(tmp_path: Path) -> None:
    with open_store(":memory:") as store, pytest.raises(MissingData) as caught:
        transfer_units(store, E, "HDF", directory=tmp_path)
    text = str(caught.value)
    assert "Reg_15_Resultats_Communes_T2c.xlsx" in text and str(tmp_path) in text
    assert "`ballottage fetch regionales-2015-t2-communes`" in text and "--round2-file" in text


# ---- validation on a known truth -----------------------------------------------------------


def test_the_default_method_on_a_round_2_drawn_from_the_regression_model(
    hdf_cantons: tuple[LocalCounts, dict[str, tuple[float, ...]], tuple[str, ...]],
) -> None:
    # Every canton follows one matrix up to noise: the regression's own model, where em-ipf is
    # less accurate than the regression (docs/transfers.md) but still close, and covers.
    cantons, truth, cols = hdf_cantons
    reports = [validate_on_units(cantons, truth, cols, seed=s)[0] for s in range(30)]
    assert all(r.estimate.method.startswith("EM with IPF") for r in reports)
    assert np.mean([r.mae for r in reports]) < 0.055  # ~0.045
    assert np.mean([r.weighted_mae for r in reports]) < 0.05  # ~0.041
    assert np.mean([r.coverage for r in reports]) >= 0.85  # ~0.97


def test_the_regression_recovers_a_known_hdf_matrix_with_calibrated_intervals(
    hdf_cantons: tuple[LocalCounts, dict[str, tuple[float, ...]], tuple[str, ...]],
) -> None:
    cantons, truth, cols = hdf_cantons
    goodman = estimator("goodman", bootstrap=200)
    reports = [
        validate_on_units(cantons, truth, cols, seed=s, estimate=goodman)[0] for s in range(30)
    ]
    mae = np.mean([r.mae for r in reports])
    per_voter = np.mean([r.weighted_mae for r in reports])
    coverage = np.mean([r.coverage for r in reports])
    assert mae < 0.03  # ~0.027; single seeds range ~0.016-0.037
    assert per_voter < 0.025  # ~0.021
    assert 0.8 <= coverage <= 0.97  # ~0.88
    assert all(r.units == 145 and r.estimate.rows[3] == OTHERS for r in reports)


def test_a_merged_truth_is_the_voter_weighted_average_of_its_members(
    hdf_cantons: tuple[LocalCounts, dict[str, tuple[float, ...]], tuple[str, ...]],
) -> None:
    cantons, truth, cols = hdf_cantons
    report, groups = validate_on_units(cantons, truth, cols, seed=1, bootstrap=20)
    members = dict(groups)[OTHERS]
    voters = dict(zip(cantons.labels, cantons.counts.sum(axis=0).tolist(), strict=True))
    weight = sum(voters[m] for m in members)
    expected = [sum(voters[m] * truth[m][j] for m in members) / weight for j in range(len(cols))]
    assert report.truth[3].tolist() == pytest.approx(expected)
    assert report.truth.sum(axis=1).tolist() == pytest.approx([1.0] * 5)
    with pytest.raises(InvalidInput, match="has no row"):
        truth_matrix(cantons.labels, {"LE PEN Marine": (1.0, 0, 0, 0)}, cols)


# ---- the scenario file ---------------------------------------------------------------------


def test_the_scenario_file_repeats_merged_rows_and_every_row_adds_up(small_store: Store) -> None:
    units = transfer_units(small_store, E, "HDF")
    est = estimate_transfers(
        units.round1,
        units.round2,
        row_labels=units.rows,
        col_labels=units.cols,
        bootstrap=50,
        seed=1,
    )
    data = tomllib.loads(scenario_file_text(est, units))
    assert data["scenario"] == {
        "title": "Hauts-de-France regionales-2015: estimated transfers",
        "election": E,
        "region": "Hauts-de-France",
    }
    assert sorted(data["lineup"]["stand"]) == ["BERTRAND Xavier", "LE PEN Marine"]
    rows = data["transfers"]
    assert set(rows) == {
        "LE PEN Marine",
        "BERTRAND Xavier",
        "MASCARO Eric",
        "BLONDEL Sylvain",
        "abstention",
        "blank-null",
    }
    assert rows["MASCARO Eric"] == rows["BLONDEL Sylvain"] == rows["blank-null"]
    for row in rows.values():
        assert math.fsum(v for k, v in row.items() if k != "concentration") == pytest.approx(
            1.0, abs=1e-12
        )
        assert row["concentration"] >= 1.0


def test_rows_are_rounded_to_add_up_and_intervals_give_a_concentration() -> None:
    row = rounded_row([0.123456, 0.654321, 0.222223])
    assert row == [0.1235, 0.6543, 0.2222] and math.fsum(row) == pytest.approx(1.0, abs=1e-12)
    assert row_concentration([0.5, 0.5], [0.5] * 2, [0.5] * 2, 0.9) is None  # zero width
    assert row_concentration([0.9, 0.1], [0.0, 0.0], [1.0, 1.0], 0.9) == 1.0  # at least 1

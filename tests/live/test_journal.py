"""The night's journal: atomic batches, refusals named, corrections, the state as of any time."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from ballottage.data import Store
from ballottage.live.feed import Batch, ListResult, UnitResult
from ballottage.live.journal import Expected, Journal

T0 = datetime(2015, 12, 13, 20, 0)
EXPECTED = Expected(
    {"department:59": "32", "department:62": "32", "department:80": "32"},
    {"32": {"le pen marine": "LE PEN Marine", "bertrand xavier": "BERTRAND Xavier"}},
)


def unit(code: str, lepen: int, bertrand: int, *, exprimes: int | None = None) -> UnitResult:
    total = lepen + bertrand if exprimes is None else exprimes
    return UnitResult(
        "department",
        code,
        "",
        "32",
        2 * total,
        total + 10,
        6,
        4,
        total,
        (ListResult("LE PEN Marine", lepen, "LFN"), ListResult("Bertrand Xavier", bertrand)),
    )


def test_batches_build_the_state_and_a_bad_batch_is_refused_whole(tmp_path: Path) -> None:
    with Store(tmp_path / "night.duckdb") as store:
        journal = Journal(store, "regionales-2015", 2)
        first = journal.import_batch(Batch("feed", "v1", (unit("59", 60, 40),)), EXPECTED, now=T0)
        assert (first.units, first.changed, first.refused) == (1, 1, None)
        bad = Batch("feed", "v2", (unit("62", 50, 50), unit("80", 50, 50, exprimes=99)))
        refused = journal.import_batch(bad, EXPECTED, now=T0 + timedelta(minutes=5))
        assert refused.refused is not None
        assert "department 80" in refused.refused and "add up to 100" in refused.refused
        assert set(journal.state()) == {"department:59"}  # 62 was not imported either
        state = journal.state()["department:59"]
        assert state.votes() == {"LE PEN Marine": 60, "BERTRAND Xavier": 40}  # store spelling
        assert [b.refused is None for b in journal.batches()] == [True, False]


def test_unknown_units_and_lists_are_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "night.duckdb") as store:
        journal = Journal(store, "regionales-2015", 2)
        stranger = UnitResult(
            "department", "75", "", "11", 10, 5, None, None, 5, (ListResult("LE PEN Marine", 5),)
        )
        report = journal.import_batch(Batch("feed", "x", (stranger,)), EXPECTED, now=T0)
        assert report.refused and "not a unit of this night" in report.refused
        odd = UnitResult(
            "department", "59", "", "32", 10, 5, None, None, 5, (ListResult("DUPONT Jean", 5),)
        )
        report = journal.import_batch(Batch("feed", "y", (odd,)), EXPECTED, now=T0)
        assert report.refused and "DUPONT Jean heads no list of region 32" in report.refused
        over = UnitResult(
            "department", "59", "", "32", 10, 11, None, None, 11, (ListResult("LE PEN Marine", 11),)
        )
        report = journal.import_batch(Batch("feed", "z", (over,)), EXPECTED, now=T0)
        assert report.refused and "exprimés ≤ votants ≤ inscrits" in report.refused


def test_a_corrected_unit_replaces_its_figures_and_the_past_stays_queryable(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "night.duckdb") as store:
        journal = Journal(store, "regionales-2015", 2)
        journal.import_batch(Batch("feed", "v1", (unit("59", 60, 40),)), EXPECTED, now=T0)
        later = T0 + timedelta(minutes=10)
        again = journal.import_batch(
            Batch("feed", "v2", (unit("59", 60, 40), unit("62", 30, 70))), EXPECTED, now=later
        )
        assert again.changed == 1  # 59 is the same: not stored again
        fixed = T0 + timedelta(minutes=20)
        journal.import_batch(Batch("feed", "v3", (unit("59", 61, 40),)), EXPECTED, now=fixed)
        assert journal.state()["department:59"].votes()["LE PEN Marine"] == 61
        assert journal.state(at=later)["department:59"].votes()["LE PEN Marine"] == 60
        assert set(journal.state(at=T0)) == {"department:59"}
        assert journal.state(at=T0 - timedelta(seconds=1)) == {}


def test_reopening_resumes_without_importing_a_batch_twice(tmp_path: Path) -> None:
    path = tmp_path / "night.duckdb"
    batch = Batch("http://127.0.0.1/index.xml", '"etag-1"', (unit("59", 60, 40),))
    with Store(path) as store:
        Journal(store, "regionales-2015", 2).import_batch(batch, EXPECTED, now=T0)
    with Store(path) as store:
        journal = Journal(store, "regionales-2015", 2)
        report = journal.import_batch(batch, EXPECTED, now=T0 + timedelta(minutes=1))
        assert report.already and report.id == 1
        assert len(journal.batches()) == 1
        assert journal.state()["department:59"].exprimes == 100
        # another round of the same election is another night
        assert Journal(store, "regionales-2015", 1).state() == {}

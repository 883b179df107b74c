"""Seats per section from round-2 files in the Ministry layout (art. L338-1).

2015's round-2 votes per department are not in the bundled data, so the split is tested on
files built here in the Ministry's wide layout: a two-list Hauts-de-France whose department
figures add up to the region's.
"""

from __future__ import annotations

from pathlib import Path

from ballottage.data import Store
from ballottage.data.imports import import_minint
from ballottage.elections.outcomes import region_seats
from ballottage.law import highest_averages
from ballottage.vocabulary.elections import register_of

from .conftest import Place, wide_rows, write_csv

HEADS = {1: ("LFN", "LE PEN Marine"), 2: ("LUD", "BERTRAND Xavier")}
DEPARTMENTS = [
    Place(("2", "AISNE"), 380_000, 9_000, 5_000, {1: 110_000, 2: 90_000}),
    Place(("59", "NORD"), 1_750_000, 30_000, 20_000, {1: 380_000, 2: 560_000}),
    Place(("60", "OISE"), 560_000, 12_000, 7_000, {1: 140_000, 2: 150_000}),
    Place(("62", "PAS-DE-CALAIS"), 1_000_000, 25_000, 15_000, {1: 280_000, 2: 300_000}),
    Place(("80", "SOMME"), 400_000, 9_000, 5_000, {1: 95_000, 2: 120_000}),
]


def _region() -> Place:
    total = {n: sum(p.votes[n] for p in DEPARTMENTS) for n in HEADS}
    return Place(
        ("32", "Hauts-de-France"),
        sum(p.inscrits for p in DEPARTMENTS),
        sum(p.blancs for p in DEPARTMENTS),
        sum(p.nuls for p in DEPARTMENTS),
        total,
    )


def test_each_lists_seats_are_split_among_its_departments(tmp_path: Path) -> None:
    region = write_csv(tmp_path / "t2_regions.csv", wide_rows("region", [_region()], heads=HEADS))
    departments = write_csv(
        tmp_path / "t2_departements.csv", wide_rows("department", DEPARTMENTS, heads=HEADS)
    )
    with Store(":memory:") as store:
        import_minint(store, region, election="regionales-2015", round=2)
        import_minint(store, departments, election="regionales-2015", round=2)
        outcome = region_seats(store, "regionales-2015", "HDF")
    seats = dict(outcome.allocation.seats)
    assert seats == {"BERTRAND Xavier": 113, "LE PEN Marine": 57}
    assert outcome.allocation.bonus == 43
    assert outcome.sections is not None
    for head, n in seats.items():
        number = next(k for k, (_, h) in HEADS.items() if h == head)
        votes = {p.codes[0]: p.votes[number] for p in DEPARTMENTS}
        per_section = dict(outcome.sections.seats[head])
        assert sum(per_section.values()) == n
        expected = highest_averages(votes, n).seats
        assert {k.lstrip("0"): v for k, v in per_section.items()} == dict(expected)
    assert any("populations are not in the data" in note for note in outcome.notes)
    assert any(s.kind == "section-seat" for s in outcome.sections.trace)
    # Beside each section's computed seats, what the register of elected officials counts.
    register = register_of(outcome)
    assert register is not None
    by_code = {x.code: x for x in register.sections}
    nord = by_code["59"]
    assert (nord.least, nord.most) == (72, 73)
    assert nord.computed == sum(outcome.sections.seats[h]["59"] for h in seats)
    assert nord.within == (72 <= nord.computed <= 73)
    assert sum(x.computed or 0 for x in register.sections) == 170


def test_a_one_department_region_has_nothing_to_split() -> None:
    with Store(":memory:") as store:
        store.load_bundled()
        outcome = region_seats(store, "regionales-2021", "Guadeloupe")
    assert outcome.sections is None
    assert not any("cannot be computed" in note for note in outcome.notes)
    assert any("one department, so one section" in note for note in outcome.notes)


def test_without_department_votes_the_split_is_said_to_be_missing() -> None:
    with Store(":memory:") as store:
        store.load_bundled()
        outcome = region_seats(store, "regionales-2015", "HDF")
    assert outcome.sections is None
    assert any("L338-1" in note and "cannot be computed" in note for note in outcome.notes)

"""The store: imports all-or-nothing, identity checks, idempotence, queries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ballottage.data import Store
from ballottage.data.imports import import_minint
from ballottage.errors import InconsistentData, InvalidInput, MissingData, UnknownName

from .conftest import (
    CANTONS,
    DEPARTMENTS,
    REGION,
    Place,
    corrupt,
    wide_rows,
    write_csv,
    write_xlsx,
)

E = "regionales-2015"


@pytest.fixture
def store() -> Iterator[Store]:
    with Store(":memory:") as s:
        yield s


def test_import_then_query_every_level(store: Store, workbook: Path) -> None:
    reports = import_minint(store, workbook, election=E, round=1)
    assert [(r.level, r.areas, r.rows, r.skipped) for r in reports] == [
        ("region", 1, 3, False),
        ("department", 2, 6, False),
        ("canton", 4, 12, False),
    ]
    rr = store.round_results(E, "hauts de france", 1)
    assert rr.region.code == "32" and rr.level == "region"
    assert rr.turnout.exprimes == 9000 and rr.turnout.votants == 9200
    assert [(lv.list.head, lv.votes) for lv in rr.lists] == [
        ("LE PEN Marine", 4000),
        ("BERTRAND Xavier", 3300),
        ("DE SAINTIGNON Pierre", 1700),
    ]
    assert rr.lists[0].list.family == "far-right" and rr.lists[0].list.number == 1
    assert rr.sources == ("t1.xlsx[Régions]",)
    deps = store.round_results(E, "HDF", 1, level="department")
    assert [a.area.code for a in deps.areas] == ["02", "59"]
    assert deps.areas[1].votes_by_head()["BERTRAND Xavier"] == 2500
    cantons = store.round_results(E, "32", 1, level="canton")
    assert [a.area.name for a in cantons.areas] == ["Canton A", "Canton B", "Canton C", "Canton D"]
    assert cantons.turnout == rr.turnout


def test_reimporting_the_same_file_does_nothing(store: Store, workbook: Path) -> None:
    import_minint(store, workbook, election=E, round=1)
    before = store.counts()
    again = import_minint(store, workbook, election=E, round=1)
    assert all(r.skipped for r in again)
    assert store.counts() == before


def test_a_corrupted_file_names_the_area_and_leaves_the_store_unchanged(
    store: Store, workbook: Path, tmp_path: Path
) -> None:
    import_minint(store, workbook, election=E, round=1)
    before = store.counts()
    bad = corrupt(DEPARTMENTS, 1, votants_delta=7)
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        {
            "Régions": wide_rows("region", REGION),
            "Départements T1": wide_rows("department", bad),
        },
    )
    with pytest.raises(InconsistentData) as info:
        import_minint(store, path, election=E, round=1)
    message = str(info.value)
    assert message.startswith(
        "department 59 Nord, round 1: votants 7 157 ≠ blancs 100 + nuls 50 + exprimés 7 000"
    )
    assert info.value.place == "department 59 Nord, round 1"
    assert store.counts() == before
    assert store.round_results(E, "32", 1).turnout.votants == 9200


def test_departments_must_add_up_to_their_region(store: Store, tmp_path: Path) -> None:
    bad = corrupt(DEPARTMENTS, 0, votes={1: 1000, 2: 801, 3: 200}, inscrits=4001)
    path = write_xlsx(
        tmp_path / "t1.xlsx",
        {
            "Régions": wide_rows("region", REGION),
            "Départements T1": wide_rows("department", bad),
        },
    )
    with pytest.raises(
        InconsistentData,
        match=r"region 32 Hauts-de-France, round 1: "
        r"inscrits 19 000 but its departments add up to 19 001",
    ):
        import_minint(store, path, election=E, round=1)
    assert store.counts()["results"] == 0


def test_list_votes_must_add_up_to_the_region(store: Store, tmp_path: Path) -> None:
    import_minint(
        store, write_csv(tmp_path / "r.csv", wide_rows("region", REGION)), election=E, round=1
    )
    moved = corrupt(DEPARTMENTS, 0, votes={1: 1001, 2: 799, 3: 200})
    with pytest.raises(
        InconsistentData,
        match=r"region 32 Hauts-de-France, round 1: list 1 "
        r"\(LE PEN Marine\) has 4 000 votes but its departments add up to 4 001",
    ):
        import_minint(
            store,
            write_csv(tmp_path / "d.csv", wide_rows("department", moved)),
            election=E,
            round=1,
        )


def test_cantons_must_add_up_to_their_department(store: Store, tmp_path: Path) -> None:
    import_minint(
        store,
        write_csv(tmp_path / "d.csv", wide_rows("department", DEPARTMENTS)),
        election=E,
        round=1,
    )
    bad = corrupt(CANTONS, 3, blancs=41, nuls=19)
    with pytest.raises(
        InconsistentData,
        match=r"department 59 Nord, round 1: .*blancs 100 "
        r"but its cantons add up to 101",
    ):
        import_minint(
            store, write_csv(tmp_path / "c.csv", wide_rows("canton", bad)), election=E, round=1
        )


def test_list_votes_must_add_up_to_exprimes(store: Store, tmp_path: Path) -> None:
    rows = wide_rows("department", DEPARTMENTS)
    rows[1][rows[0].index("Exprimés")] = 1999
    rows[1][rows[0].index("Votants")] = 2049
    rows[1][rows[0].index("Abstentions")] = 1951
    with pytest.raises(
        InconsistentData,
        match=r"department 02 Aisne, round 1: list votes "
        r"add up to 2 000, not exprimés 1 999",
    ):
        import_minint(store, write_csv(tmp_path / "d.csv", rows), election=E, round=1)


def test_a_list_cannot_have_more_votes_than_exprimes(store: Store, tmp_path: Path) -> None:
    rows = wide_rows("department", DEPARTMENTS)
    rows[2][rows[0].index("Voix 1")] = 7001
    with pytest.raises(
        InconsistentData,
        match=r"department 59 Nord, round 1: LE PEN Marine "
        r"has 7 001 votes, more than exprimés 7 000",
    ):
        import_minint(store, write_csv(tmp_path / "d.csv", rows), election=E, round=1)


def test_negative_counts_are_refused(store: Store, tmp_path: Path) -> None:
    rows = wide_rows("department", DEPARTMENTS)
    rows[1][rows[0].index("Nuls")] = -20
    with pytest.raises(InconsistentData, match=r"department 02 Aisne.*nuls -20 is negative"):
        import_minint(store, write_csv(tmp_path / "d.csv", rows), election=E, round=1)
    assert store.counts()["turnout"] == 0


def test_a_list_number_with_two_heads_is_refused(store: Store, tmp_path: Path) -> None:
    rows = wide_rows("department", DEPARTMENTS)
    rows[2][rows[0].index("Nom Tête de Liste 2")] = "SOMEONE Else"
    with pytest.raises(InconsistentData, match="list 2 is headed by"):
        import_minint(store, write_csv(tmp_path / "d.csv", rows), election=E, round=1)


def test_round_two_is_matched_to_round_one_by_head(
    store: Store, workbook: Path, tmp_path: Path
) -> None:
    import_minint(store, workbook, election=E, round=1)
    heads = {1: ("LUD", "BERTRAND Xavier"), 2: ("LFN", "LE PEN Marine")}
    region = [
        Place(("32", "Hauts-de-France"), 19000, 200, 100, {1: 5700, 2: 4200}, seats={1: 116, 2: 54})
    ]
    path = write_csv(tmp_path / "t2.csv", wide_rows("region", region, heads=heads))
    import_minint(store, path, election=E, round=2)
    rr = store.round_results(E, "HDF", 2)
    assert [(lv.list.number, lv.list.head, lv.votes) for lv in rr.lists] == [
        (2, "BERTRAND Xavier", 5700),
        (1, "LE PEN Marine", 4200),
    ]
    seats = store.published_seats(E, "HDF")
    assert [(s.list.head if s.list else None, s.seats, s.source) for s in seats] == [
        ("BERTRAND Xavier", 116, "t2.csv"),
        ("LE PEN Marine", 54, "t2.csv"),
    ]
    assert store.round_results(E, "HDF", 1).lists[0].votes == 4000


def test_published_seats_must_fill_the_council(
    store: Store, workbook: Path, tmp_path: Path
) -> None:
    import_minint(store, workbook, election=E, round=1)
    region = [
        Place(("32", "Hauts-de-France"), 19000, 200, 100, {1: 4200, 2: 5700}, seats={1: 54, 2: 115})
    ]
    path = write_csv(tmp_path / "t2.csv", wide_rows("region", region))
    with pytest.raises(
        InconsistentData, match="published seats add up to 169, the council has 170"
    ):
        import_minint(store, path, election=E, round=2)
    with pytest.raises(MissingData, match="no round-2 results"):
        store.round_results(E, "HDF", 2)


def test_region_figures_are_summed_from_departments_when_absent(
    store: Store, tmp_path: Path
) -> None:
    import_minint(
        store,
        write_csv(tmp_path / "d.csv", wide_rows("department", DEPARTMENTS)),
        election=E,
        round=1,
    )
    rr = store.round_results(E, "HDF", 1)
    assert rr.turnout.inscrits == 19000 and rr.total_votes == 9000
    assert "sum of its departments" in rr.notes[0]


def test_missing_figures_are_said_not_invented(store: Store, workbook: Path) -> None:
    import_minint(store, workbook, election=E, round=1)
    with pytest.raises(MissingData, match="no commune-level results"):
        store.round_results(E, "HDF", 1, level="commune")
    with pytest.raises(MissingData, match="no round-2 results"):
        store.round_results(E, "HDF", 2, level="section")


def test_sections_of_hauts_de_france_are_its_departments(store: Store, workbook: Path) -> None:
    import_minint(store, workbook, election=E, round=1)
    with pytest.raises(MissingData, match="sections 60 Oise, 62 Pas-de-Calais, 80 Somme"):
        store.round_results(E, "HDF", 1, level="section")


def test_bad_arguments_are_named(store: Store, workbook: Path) -> None:
    import_minint(store, workbook, election=E, round=1)
    with pytest.raises(UnknownName, match="election"):
        store.round_results("regionales-1986", "HDF", 1)
    with pytest.raises(InvalidInput, match="round"):
        store.round_results(E, "HDF", 3)
    with pytest.raises(InvalidInput, match="level"):
        store.round_results(E, "HDF", 1, level="street")
    with pytest.raises(UnknownName, match="known: .*32 Hauts-de-France"):
        store.region(E, "Mayotte")


def test_council_and_regions(store: Store, workbook: Path) -> None:
    import_minint(store, workbook, election=E, round=1)
    council = store.council(E, "hdf")
    assert (council.seats, council.rule_set) == (170, "regionales-2015")
    assert council.sections == ("02", "59", "60", "62", "80")
    assert store.council(E, "Corse").rule_set == "corse-2015"
    assert store.council(E, "corse").seats == 51
    assert "32" in [r.code for r in store.regions(E)]
    assert [e.id for e in store.elections()][0] == E


def test_a_file_store_keeps_its_data(tmp_path: Path, workbook: Path) -> None:
    path = tmp_path / "cache" / "store.duckdb"
    with Store(path) as s:
        import_minint(s, workbook, election=E, round=1)
    with Store(path) as s:
        assert s.round_results(E, "HDF", 1).turnout.exprimes == 9000
        assert all(r.skipped for r in import_minint(s, workbook, election=E, round=1))

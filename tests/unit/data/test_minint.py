"""Reading the Ministry's wide layout from workbooks and text exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from ballottage.data.sources.minint import read_minint
from ballottage.errors import InvalidInput, UnknownName

from .conftest import CANTONS, DEPARTMENTS, REGION, Place, wide_rows, write_csv, write_xlsx


def test_workbook_sheets_are_read_and_the_summary_sheet_skipped(workbook: Path) -> None:
    tables = read_minint(workbook)
    assert [(t.source, t.level) for t in tables] == [
        ("t1.xlsx[Régions]", "region"),
        ("t1.xlsx[Départements T1]", "department"),
        ("t1.xlsx[Cantons]", "canton"),
    ]
    region, departments, cantons = tables
    assert region.areas["area"].tolist() == ["region:32"]
    assert region.areas["votants"].tolist() == [130 + 70 + 9000]
    assert len(region.lists) == 3  # the empty fourth block is dropped
    assert departments.areas["area"].tolist() == ["department:02", "department:59"]
    assert departments.areas["region"].tolist() == ["32", "32"]
    assert departments.areas["name"].tolist() == ["Aisne", "Nord"]
    assert cantons.areas["parent"].tolist()[:2] == ["department:02", "department:02"]
    assert cantons.areas["code"].tolist() == ["02-01", "02-02", "59-01", "59-02"]


def test_repeated_and_numbered_headers_give_the_same_table(tmp_path: Path) -> None:
    numbered = read_minint(write_csv(tmp_path / "a.csv", wide_rows("canton", CANTONS)))[0]
    repeated = write_xlsx(
        tmp_path / "b.xlsx", {"Cantons": wide_rows("canton", CANTONS, numbered=False)}
    )
    plain = read_minint(repeated)[0]
    cols = ["area", "number", "head", "votes"]
    assert numbered.lists[cols].values.tolist() == plain.lists[cols].values.tolist()
    assert numbered.areas["exprimes"].tolist() == plain.areas["exprimes"].tolist()


def test_lists_in_long_form_with_heads_and_nuances(tmp_path: Path) -> None:
    table = read_minint(write_csv(tmp_path / "d.csv", wide_rows("department", DEPARTMENTS)))[0]
    nord = table.lists[table.lists["area"] == "department:59"]
    assert nord[["number", "nuance", "head", "votes"]].values.tolist() == [
        [1, "LFN", "LE PEN Marine", 3000],
        [2, "LUD", "BERTRAND Xavier", 2500],
        [3, "LUG", "DE SAINTIGNON Pierre", 1500],
    ]


def test_latin1_text_is_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.txt", wide_rows("region", REGION), encoding="cp1252")
    table = read_minint(path)[0]
    assert table.areas["name"].tolist() == ["Hauts-de-France"]


def test_overseas_corsica_and_leading_zeros(tmp_path: Path) -> None:
    places = [
        Place(("1", "AIN"), 100, 1, 1, {1: 10}),
        Place(("2A", "CORSE DU SUD"), 100, 1, 1, {1: 10}),
        Place(("ZA", "GUADELOUPE"), 100, 1, 1, {1: 10}),
        Place(("974", "LA REUNION"), 100, 1, 1, {1: 10}),
    ]
    table = read_minint(write_csv(tmp_path / "d.csv", wide_rows("department", places)))[0]
    assert table.areas["code"].tolist() == ["01", "2A", "971", "974"]
    assert table.areas["region"].tolist() == ["84", "94", "01", "04"]


def test_commune_files_get_insee_codes(tmp_path: Path) -> None:
    places = [
        Place(("59", "NORD", "350", "Lille"), 100, 1, 1, {1: 10}),
        Place(("2A", "CORSE DU SUD", "4", "Ajaccio"), 100, 1, 1, {1: 10}),
        Place(("ZA", "GUADELOUPE", "105", "Basse-Terre"), 100, 1, 1, {1: 10}),
        Place(("75", "PARIS", "056AR01", "Paris 1er"), 100, 1, 1, {1: 10}),
    ]
    table = read_minint(write_csv(tmp_path / "c.csv", wide_rows("commune", places)))[0]
    assert table.level == "commune"
    assert table.areas["area"].tolist() == [
        "commune:59350",
        "commune:2A004",
        "commune:97105",
        "commune:75056AR01",
    ]
    assert table.areas["parent"].tolist() == [
        "department:59",
        "department:2A",
        "department:971",
        "department:75",
    ]


def test_a_vote_that_is_not_a_whole_number_is_refused(tmp_path: Path) -> None:
    rows = wide_rows("department", DEPARTMENTS)
    rows[2][rows[0].index("Voix 2")] = "12a"
    with pytest.raises(
        InvalidInput, match=r"d.csv: department 59 Nord: Voix=.12a.: is not a whole number"
    ):
        read_minint(write_csv(tmp_path / "d.csv", rows))


def test_an_unknown_department_is_named(tmp_path: Path) -> None:
    places = [Place(("99", "NOWHERE"), 100, 1, 1, {1: 10})]
    with pytest.raises((UnknownName, InvalidInput), match="99"):
        read_minint(write_csv(tmp_path / "d.csv", wide_rows("department", places)))


def test_polling_station_files_are_not_supported(tmp_path: Path) -> None:
    rows = wide_rows("department", DEPARTMENTS)
    rows[0].insert(2, "Code du b.vote")
    for row in rows[1:]:
        row.insert(2, "0001")
    with pytest.raises(InvalidInput, match="polling-station"):
        read_minint(write_csv(tmp_path / "b.csv", rows))


def test_a_text_file_without_the_layout_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="Inscrits"):
        read_minint(path)

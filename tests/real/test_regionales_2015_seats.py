"""The 2015 regional councils: steps 4 and 5 of RULES.md reproduce every published seat count.

Round-2 votes and seats of the 34 lists in the 12 metropolitan regions other than Corsica
(secondary sources, see ``shared/data/regionales_2015/SOURCE.md``), council sizes from table
n° 7. The section split is not checked here: there are no round-2 votes per department.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from ballottage.law import allocate_council, rule_set

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "regionales_2015"
LISTS_CSV = DATA / "t2_seats_secondary" / "t2_region_lists_seats_2015.csv"
SIZES_CSV = DATA / "council_sizes_2015.csv"

pytestmark = pytest.mark.skipif(
    not (LISTS_CSV.is_file() and SIZES_CSV.is_file()),
    reason=f"2015 round-2 data not found under {DATA} (clone shared/ beside the repository)",
)

REGIONS = {
    "84": ("Auvergne-Rhône-Alpes", 204),
    "27": ("Bourgogne-Franche-Comté", 100),
    "53": ("Bretagne", 83),
    "24": ("Centre-Val de Loire", 77),
    "44": ("Grand Est", 169),
    "32": ("Hauts-de-France", 170),
    "11": ("Île-de-France", 209),
    "28": ("Normandie", 102),
    "75": ("Nouvelle-Aquitaine", 183),
    "76": ("Occitanie", 158),
    "52": ("Pays de la Loire", 93),
    "93": ("Provence-Alpes-Côte d'Azur", 123),
}
"""INSEE 2016 code -> (name, council size in table n° 7), as RULES.md lists them."""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@cache
def lists_by_region() -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in _rows(LISTS_CSV):
        grouped.setdefault(row["code_region"], []).append(row)
    return grouped


@cache
def council_sizes() -> dict[str, int]:
    return {row["code_region"]: int(row["conseil_sieges"]) for row in _rows(SIZES_CSV)}


def test_the_files_cover_the_twelve_regions_and_their_lists() -> None:
    # Ten three-way round 2s and two duels (the left withdrew in HDF and PACA): 34 lists,
    # although SOURCE.md says 35.
    assert set(lists_by_region()) == set(REGIONS)
    assert {code: len(rows) for code, rows in lists_by_region().items()} == {
        code: 2 if code in ("32", "93") else 3 for code in REGIONS
    }
    assert {code: council_sizes()[code] for code in REGIONS} == {
        code: size for code, (_, size) in REGIONS.items()
    }
    assert sum(council_sizes()[code] for code in REGIONS) == 1671


@pytest.mark.parametrize("code", sorted(REGIONS), ids=[REGIONS[c][0] for c in sorted(REGIONS)])
def test_published_seats_are_reproduced(code: str) -> None:
    rows = lists_by_region()[code]
    votes = {row["tete_de_liste"]: int(row["voix_t2"]) for row in rows}
    published = {row["tete_de_liste"]: int(row["sieges"]) for row in rows}
    seats = council_sizes()[code]
    result = allocate_council(votes, rule_set("regionales-2015"), seats=seats)
    assert result.bonus == -(-seats // 4)
    assert result.leader == max(votes, key=votes.__getitem__)
    assert dict(result.seats) == published
    assert all(item.eligible for item in result.lists)


@pytest.mark.parametrize("code", ["84", "93"], ids=["Auvergne-Rhône-Alpes", "PACA"])
def test_the_second_sources_figures_give_the_same_seats(code: str) -> None:
    rows = lists_by_region()[code]
    alternative = {row["tete_de_liste"]: int(row["voix_t2_alt"] or row["voix_t2"]) for row in rows}
    published = {row["tete_de_liste"]: int(row["sieges"]) for row in rows}
    result = allocate_council(alternative, rule_set("regionales-2015"), seats=council_sizes()[code])
    assert dict(result.seats) == published


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("32", {"BERTRAND Xavier": 116, "LE PEN Marine": 54}),
        ("93", {"ESTROSI Christian": 81, "MARÉCHAL-LE PEN Marion": 42}),
        (
            "11",
            {"PECRESSE Valérie": 121, "BARTOLONE Claude": 66, "DE SAINT JUST Wallerand": 22},
        ),
    ],
    ids=["Hauts-de-France", "PACA", "Île-de-France"],
)
def test_worked_examples_of_rules_md(code: str, expected: dict[str, int]) -> None:
    rows = lists_by_region()[code]
    votes = {row["tete_de_liste"]: int(row["voix_t2"]) for row in rows}
    result = allocate_council(votes, rule_set("regionales-2015"), seats=REGIONS[code][1])
    assert dict(result.seats) == expected

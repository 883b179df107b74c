"""Reference tables and region names."""

from __future__ import annotations

import pytest

from ballottage.data.model import FAMILIES
from ballottage.data.reference import (
    department_code,
    normalize_name,
    reference,
    region_code,
    resolve_region,
)
from ballottage.errors import InvalidInput, UnknownName

REGIONS = [r.region for r in reference().regions]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("32", "32"),
        ("hauts-de-france", "32"),
        ("HDF", "32"),
        ("Hauts de France", "32"),
        ("HAUTS-DE-FRANCE", "32"),
        ("Nord-Pas-de-Calais-Picardie", "32"),
        ("paca", "93"),
        ("Provence-Alpes-Côte d’Azur", "93"),
        ("IDF", "11"),
        ("ile de france", "11"),
        ("Île-de-France", "11"),
        ("ARA", "84"),
        ("auvergne rhone alpes", "84"),
        ("corse", "94"),
        ("1", "01"),
        ("01", "01"),
        ("la reunion", "04"),
        ("Grand-Est", "44"),
    ],
)
def test_regions_resolve_by_code_name_or_abbreviation(query: str, code: str) -> None:
    assert resolve_region(query, REGIONS).code == code


def test_unknown_region_lists_the_choices() -> None:
    with pytest.raises(UnknownName) as info:
        resolve_region("Atlantis", REGIONS[:2])
    assert "Atlantis" in str(info.value)
    assert "11 Île-de-France (IDF)" in str(info.value)
    assert info.value.known == ("11 Île-de-France (IDF)", "24 Centre-Val de Loire (CVL)")


def test_a_region_outside_the_choices_is_unknown() -> None:
    with pytest.raises(UnknownName):
        resolve_region("corse", [r for r in REGIONS if r.code != "94"])


def test_codes_are_normalised() -> None:
    assert department_code("9") == "09"
    assert department_code(" zb ") == "972"
    assert region_code(3.0) == "03"
    with pytest.raises(InvalidInput, match="department code"):
        department_code("A1")
    assert normalize_name("MARÉCHAL-LE PEN Marion") == "marechal le pen marion"


def test_departments_map_to_the_2016_regions() -> None:
    ref = reference()
    by_region: dict[str, int] = {}
    for dep in ref.departments:
        by_region[dep.region] = by_region.get(dep.region, 0) + 1
    assert len(ref.departments) == 101
    assert by_region["84"] == 12 and by_region["76"] == 13 and by_region["75"] == 12
    assert ref.department("69").region == "84"
    assert ref.department("2B").region == "94"
    assert all(d.population is None for d in ref.departments)


def test_every_nuance_has_a_known_family() -> None:
    ref = reference()
    assert {n.family for n in ref.nuances} <= set(FAMILIES)
    assert ref.family("LUG") == "left"
    assert ref.family("LFN") == "far-right" and ref.family("LRN") == "far-right"
    assert ref.family("LVEC") == "ecologist"
    assert ref.family("LREG") == "regionalist"
    assert ref.family("XYZ") is None


def test_the_rhone_is_split_into_two_sections() -> None:
    splits = {s.section: s for s in reference().splits}
    assert splits["69D"].cantons == tuple(range(1, 14))
    assert splits["69M"].cantons == (99,)

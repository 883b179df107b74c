"""The bundled 2015 regional figures, and the same figures imported from shared/data."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from ballottage.data import Store
from ballottage.data.bundle import SOURCES_2015, import_sources
from ballottage.data.imports import import_minint
from ballottage.data.sources.minint import read_minint
from ballottage.errors import MissingData

E = "regionales-2015"
DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
WORKBOOK = DATA / SOURCES_2015["workbook"]
needs_data = pytest.mark.skipif(not WORKBOOK.is_file(), reason=f"no shared data at {DATA}")
MAINLAND = ("11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93")


@pytest.fixture(scope="module")
def store(bundled_store: Store) -> Store:
    return bundled_store


def test_seventeen_regions_in_round_one(store: Store) -> None:
    codes = {r.code for r in store.regions(E)}
    assert codes == {*MAINLAND, "94", "01", "02", "03", "04"}
    for code in codes:
        assert store.round_results(E, code, 1).lists


def test_le_pen_leads_hauts_de_france_with_40_64_percent(store: Store) -> None:
    rr = store.round_results(E, "HDF", 1)
    leader = rr.lists[0]
    assert leader.list.head == "LE PEN Marine" and leader.list.nuance == "LFN"
    assert rr.turnout.exprimes is not None
    share = Fraction(100 * leader.votes, rr.turnout.exprimes)
    assert round(share, 2) == Fraction(4064, 100)
    assert (leader.votes, rr.turnout.exprimes) == (909025, 2236782)


def test_fn_first_in_six_mainland_regions(store: Store) -> None:
    first = {
        store.region(E, code).abbreviation
        for code in MAINLAND
        if store.round_results(E, code, 1).lists[0].list.nuance == "LFN"
    }
    assert first == {"HDF", "PACA", "GE", "OCC", "BFC", "CVL"}


def test_round_two_and_seats_of_the_twelve_mainland_regions(store: Store) -> None:
    total = 0
    for code in MAINLAND:
        rr = store.round_results(E, code, 2)
        assert len(rr.lists) in (2, 3)
        seats = store.published_seats(E, code)
        assert sum(s.seats for s in seats) == store.council(E, code).seats
        assert {s.list.head for s in seats if s.list} == {lv.list.head for lv in rr.lists}
        total += sum(s.seats for s in seats)
    assert total == 1671
    idf = {s.list.head: s.seats for s in store.published_seats(E, "IDF") if s.list}
    assert idf == {"PÉCRESSE Valérie": 121, "BARTOLONE Claude": 66, "DE SAINT JUST Wallerand": 22}


def test_round_two_keeps_gaps_and_discrepancies(store: Store) -> None:
    ara = store.round_results(E, "ARA", 2)
    assert ara.turnout.votants == 3063271 and ara.turnout.exprimes is None
    assert "secondary source" in ara.notes[0]
    na = store.round_results(E, "NA", 2).turnout
    assert (na.inscrits, na.votants, na.exprimes) == (None, None, None)
    cvl = store.round_results(E, "CVL", 2)
    assert any("1 028 277, not exprimés 1 028 108" in n for n in cvl.notes)


def test_corsica(store: Store) -> None:
    council = store.council(E, "corse")
    assert (council.seats, council.rule_set, council.sections) == (51, "corse-2015", ())
    rr = store.round_results(E, "corse", 2)
    assert rr.lists[0].list.head == "SIMEONI Gilles" and rr.lists[0].votes == 52840
    assert rr.turnout.exprimes is None
    with pytest.raises(MissingData, match="no departmental sections"):
        store.round_results(E, "corse", 1, level="section")


def test_auvergne_rhone_alpes_sections_split_the_rhone(store: Store) -> None:
    sections = store.round_results(E, "ARA", 1, level="section")
    by_code = {a.area.code: a for a in sections.areas}
    assert len(by_code) == 13 and "69" not in by_code
    rhone = next(
        a for a in store.round_results(E, "ARA", 1, level="department").areas if a.area.code == "69"
    )
    assert rhone.turnout.exprimes == sum(by_code[s].turnout.exprimes or 0 for s in ("69D", "69M"))
    assert rhone.votes_by_head() == {
        h: by_code["69D"].votes_by_head()[h] + by_code["69M"].votes_by_head()[h]
        for h in rhone.votes_by_head()
    }
    assert sum(a.total_votes for a in sections.areas) == sections.total_votes
    totals = {
        s.area.code: s.seats for s in store.published_section_seats(E, "ARA") if s.list is None
    }
    assert totals["69M"] == 30 and sum(totals.values()) == 204


def test_guyane_has_no_rule_set_yet(store: Store) -> None:
    with pytest.raises(MissingData, match="Guyane"):
        store.council(E, "Guyane")


@needs_data
def test_importing_the_sources_reproduces_the_bundle(store: Store) -> None:
    with Store(":memory:") as fresh:
        import_sources(fresh, DATA)
        assert fresh.counts() == store.counts() | {"meta": 1}
        for code in MAINLAND:
            assert fresh.round_results(E, code, 2) == store.round_results(E, code, 2)
        assert fresh.round_results(E, "HDF", 1, level="canton") == store.round_results(
            E, "HDF", 1, level="canton"
        )
        before = fresh.counts()
        fresh.load_bundled()  # same files: nothing to add
        assert fresh.counts() == before | {"meta": 2}


@needs_data
def test_csv_exports_read_like_the_workbook() -> None:
    sheets = {t.level: t for t in read_minint(WORKBOOK)}
    for name, level in (
        ("t1_regions_wide.csv", "region"),
        ("t1_departements_wide.csv", "department"),
        ("t1_cantons_wide.csv", "canton"),
    ):
        table = read_minint(WORKBOOK.parent / "csv" / name)[0]
        cols = ["area", "number", "head", "votes"]
        assert table.lists[cols].values.tolist() == sheets[level].lists[cols].values.tolist()
        assert table.areas["exprimes"].tolist() == sheets[level].areas["exprimes"].tolist()


@needs_data
def test_department_data_cannot_give_the_rhone_sections() -> None:
    with Store(":memory:") as s:
        import_minint(s, WORKBOOK, election=E, round=1, sheet="Départements T1")
        rr = s.round_results(E, "ARA", 1)
        assert rr.notes == (
            "regional figures of Auvergne-Rhône-Alpes (84) are the sum of its departments",
        )
        assert rr.lists[0].list.head == "WAUQUIEZ Laurent"
        with pytest.raises(
            MissingData,
            match=r"sections 69D .*, 69M Métropole de Lyon cannot "
            r"be computed.*department 69 is one area",
        ):
            s.round_results(E, "ARA", 1, level="section")
        assert len(s.round_results(E, "HDF", 1, level="section").areas) == 5

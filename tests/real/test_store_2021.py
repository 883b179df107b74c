"""The 2021 regional elections and the Corsican assemblies of 2015 and 2021: bundled figures,
the same figures imported from shared/data, and the seats the law gives from them.

Published 2021 seats are not in the data; the seats asserted below are the law's, and they
agree with the results pages (e.g. Île-de-France 125/53/16/15, PACA 84/39).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from ballottage.data import Store
from ballottage.data.bundle import SOURCES_2021, import_sources
from ballottage.elections.comparison import compare_elections
from ballottage.elections.outcomes import election_seats, qualification, region_seats, verification

E = "regionales-2021"
DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
needs_data = pytest.mark.skipif(
    not (DATA / SOURCES_2021["regions"]).is_file(), reason=f"no shared data at {DATA}"
)
MAINLAND = ("11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93")
WRONG_VOTANTS = {  # region: (votants in the JSON = abstentions, departments' votants)
    "32": (2838834, 1388093),
    "75": (2787124, 1565182),
    "93": (2373318, 1207321),
    "04": (424830, 243787),
    "02": (207059, 99471),
}


@pytest.fixture(scope="module")
def store(bundled_store: Store) -> Store:
    return bundled_store


def test_seventeen_regions_in_both_rounds_with_2021_nuances(store: Store) -> None:
    cover = store.coverage(E)
    assert set(cover.round1) == set(cover.round2) == {*MAINLAND, "94", "01", "02", "03", "04"}
    assert set(cover.published_seats) == set(MAINLAND) | {"94", "01", "02", "04"}
    nuances = {c.nuance for code in MAINLAND for c in store.lists(E, code)}
    assert {"LRN", "LUGE", "LUC", "LUCD", "LDSV"} <= nuances
    assert all(c.family for code in MAINLAND for c in store.lists(E, code))


def test_stored_turnout_is_consistent_where_the_json_gave_abstentions(store: Store) -> None:
    for code, (wrong, right) in WRONG_VOTANTS.items():
        rr = store.round_results(E, code, 1)
        t = rr.turnout
        assert t.votants == right and t.votants != wrong
        assert t.exprimes is not None and t.votants >= t.exprimes
        assert t.inscrits == wrong + right
        assert any(n.startswith(f"region {code} ") and "cannot be right" in n for n in rr.notes)
    for code in MAINLAND:
        t = store.round_results(E, code, 1).turnout
        assert t.votants is not None and t.exprimes is not None and t.votants >= t.exprimes


def test_paca_the_rn_led_round_one_and_lost_round_two_after_the_left_withdrew(
    store: Store,
) -> None:
    q = qualification(store, E, "PACA")
    first, second, third = q.results.lists[:3]
    assert (first.list.head, first.list.nuance, first.list.family) == (
        "MARIANI Thierry",
        "LRN",
        "far-right",
    )
    assert q.results.turnout.exprimes is not None
    assert round(Fraction(100 * first.votes, q.results.turnout.exprimes), 2) == Fraction(3638, 100)
    assert second.list.head == "MUSELIER Renaud"
    assert third.list.head == "FELIZIA Jean-Laurent" and third.list.nuance == "LUGE"
    assert set(q.eligibility.stand) == {
        "MARIANI Thierry",
        "MUSELIER Renaud",
        "FELIZIA Jean-Laurent",
    }
    seats = region_seats(store, E, "PACA")
    assert dict(seats.allocation.seats) == {"MUSELIER Renaud": 84, "MARIANI Thierry": 39}
    assert seats.allocation.leader == "MUSELIER Renaud"
    paca = next(
        r for r in compare_elections(store, "regionales-2015", E).regions if r.region.code == "93"
    )
    assert paca.after is not None and paca.after.withdrew == ("FELIZIA Jean-Laurent",)
    assert paca.before is not None and paca.before.withdrew == ("CASTANER Christophe",)
    assert paca.seat_change == {"right": 3, "far-right": -3}


def test_mainland_seats_fill_the_1671_seats_of_the_2015_sizes(store: Store) -> None:
    computed, unavailable = election_seats(store, E)
    by_code = {o.region.code: o for o in computed}
    assert [u.region.code for u in unavailable] == ["03"]  # Guyane: no rule set
    total = 0
    for code in MAINLAND:
        o = by_code[code]
        assert o.rules.name == "regionales-2015"
        assert sum(o.allocation.seats.values()) == o.council.seats == o.allocation.seats_total
        assert set(o.allocation.seats) == {lv.list.head for lv in o.results.lists}
        total += o.council.seats
    assert total == 1671
    assert dict(by_code["11"].allocation.seats) == {
        "PÉCRESSE Valérie": 125,
        "BAYOU Julien": 53,
        "BARDELLA Jordan": 16,
        "SAINT-MARTIN Laurent": 15,
    }
    assert dict(by_code["32"].allocation.seats) == {
        "BERTRAND Xavier": 110,
        "CHENU Sébastien": 32,
        "DELLI Karima": 28,
    }


@pytest.mark.parametrize(
    ("election", "rules", "seats", "bonus", "won"),
    [
        (
            "regionales-2015",
            "corse-2015",
            51,
            9,
            {"SIMEONI Gilles": 24, "GIACOBBI Paul": 12, "ROSSI José": 11, "CANIONI Christophe": 4},
        ),
        (
            "regionales-2021",
            "corse-2017",
            63,
            11,
            {
                "SIMEONI Gilles": 32,
                "MARCANGELI Laurent": 17,
                "ANGELINI Jean-Christophe": 8,
                "BENEDETTI Paul-Félix": 6,
            },
        ),
    ],
)
def test_corsica_under_its_own_rules(
    store: Store, election: str, rules: str, seats: int, bonus: int, won: dict[str, int]
) -> None:
    o = region_seats(store, election, "corse")
    assert (o.rules.name, o.allocation.seats_total, o.allocation.bonus) == (rules, seats, bonus)
    assert dict(o.allocation.seats) == won
    q = qualification(store, election, "corse")
    assert q.rules.stand_threshold == Fraction(7, 100)
    assert q.results.lists  # round 1: the Ministry workbook (2015), the department file (2021)


def test_corsica_2021_round_one_is_in_the_json_and_the_department_file(store: Store) -> None:
    rr = store.round_results(E, "corse", 1, level="department")
    assert {a.area.code for a in rr.areas} == {"2A", "2B"}
    assert rr.lists[0].list.head == "SIMEONI Gilles" and rr.turnout.exprimes == 134457
    q = qualification(store, E, "corse")
    assert set(q.eligibility.stand) == {
        "SIMEONI Gilles",
        "MARCANGELI Laurent",
        "ANGELINI Jean-Christophe",
        "BENEDETTI Paul-Félix",
    }
    # 9 280 votes of 134 457 (6.90 %): below the 7 % Corsica asks to stand, enough to merge
    assert q.eligibility.status("TALAMONI Jean-Guy") == "merge"
    r2 = store.round_results(E, "corse", 2)
    assert r2.turnout.exprimes == r2.total_votes == 136683
    assert any("corse_t2_votes.csv agrees with" in s for s in r2.sources)


def test_verify_2021_checks_the_published_seats_of_16_councils(store: Store) -> None:
    # reference/round2_seats_2021.csv: the 12 mainland regions, Corsica, Guadeloupe, Martinique
    # and La Réunion; Guyane has no rule set, so no seats are computed.
    checks = {c.region.code: c for c in verification(store, E)}
    verified = {code for code, c in checks.items() if c.match is not None}
    assert verified == set(MAINLAND) | {"94", "01", "02", "04"}
    assert all(checks[code].match for code in verified)
    na = {c.head: (c.computed, c.published) for c in checks["75"].lists}
    assert na["ROUSSET Alain"] == (101, 101) and na["DARRIEUSSECQ Geneviève"] == (18, 18)
    assert checks["03"].reason is not None and "no council size or rule set" in checks["03"].reason
    corse = {c.head: (c.computed, c.published) for c in checks["94"].lists}
    assert corse["SIMEONI Gilles"] == (32, 32) and corse["BENEDETTI Paul-Félix"] == (6, 6)


@needs_data
def test_importing_the_2021_sources_reports_the_wrong_votants(store: Store) -> None:
    with Store(":memory:") as fresh:
        reports = import_sources(fresh, DATA, [E])
        warnings = [w for r in reports for w in r.warnings]
        assert len(warnings) == len(WRONG_VOTANTS)
        hdf = next(w for w in warnings if w.startswith("region 32 Hauts-de-France, round 1"))
        assert "votants 2 838 834" in hdf and "add up to 1 388 093" in hdf
        for code in MAINLAND:
            for round_ in (1, 2):
                assert fresh.round_results(E, code, round_) == store.round_results(E, code, round_)
        again = import_sources(fresh, DATA, [E])
        assert all(r.skipped for r in again)

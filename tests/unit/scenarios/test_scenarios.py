"""Scenario files: names, defaults, transfer rows, turnout, line-up checks, projection."""

from __future__ import annotations

import math
import tomllib
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

import pytest
from tests.unit.scenarios.demo import DEMO, HEAD, scenario

from ballottage.data import Store
from ballottage.errors import IllegalLineup, InconsistentData, InvalidInput, UnknownName
from ballottage.scenarios import (
    ABSTENTION,
    BLANK_NULL,
    Round1Figures,
    Round1List,
    concentration_for_spread,
    load_scenario,
    match_name,
    parse_defaults,
    parse_scenario,
    project_scenario,
    simulate_scenario,
    spread_for_concentration,
    transfer_defaults,
)
from ballottage.scenarios.defaults import FAMILIES
from ballottage.scenarios.figures import ObservedRound2
from ballottage.scenarios.store import election_id, round1_figures

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_match_name_head_prefix_word_and_nuance() -> None:
    heads = [item.head for item in DEMO.lists]
    nuances = {item.head: item.nuance for item in DEMO.lists}
    assert match_name("martin anne", heads, nuances) == "MARTIN Anne"
    assert match_name("Dur", heads, nuances) == "DURAND Paul"
    assert match_name("eva", heads, nuances) == "ROUX Éva"
    assert match_name("lvec", heads, nuances) == "ROUX Éva"
    assert match_name("LUG", heads, nuances) == "PETIT Luc"


def test_match_name_ambiguous_or_unknown() -> None:
    with pytest.raises(InvalidInput, match="could mean MARTIN Anne, MARTINEZ Jo"):
        match_name("martin", ["MARTIN Anne", "MARTINEZ Jo"], {})
    with pytest.raises(InvalidInput, match="no such list here"):
        match_name("Dupont", ["MARTIN Anne"], {})


def test_figures_check_that_list_votes_make_the_exprimes() -> None:
    with pytest.raises(InconsistentData, match="exprimés are 5850"):
        Round1Figures(
            "e", "r", "00", "regionales-2015", 20, 10_000, 6_000, 100, 50, (Round1List("A", 5000),)
        )


def test_shipped_defaults_give_rows_that_add_up_to_one() -> None:
    table = transfer_defaults()
    standing = (("A", "right"), ("B", "far-right"), ("C", "left"))
    for family in (*FAMILIES, None):
        for home in (None, "A", "C"):
            for merged in (False, True):
                row = table.list_row(family, None, home=home, merged=merged, standing=standing)
                assert math.fsum(row.shares) == pytest.approx(1.0, abs=1e-12)
                assert all(s >= 0 for s in row.shares)


def test_default_row_of_a_list_that_stands_keeps_its_voters() -> None:
    table = transfer_defaults()
    row = table.list_row(
        "far-right", "LFN", home="B", merged=False, standing=(("A", "right"), ("B", "far-right"))
    )
    voting = 1 - 0.08 - 0.01
    assert row.situation == "home"
    assert row.shares[1] == pytest.approx(voting * table.loyalty)
    assert row.shares[0] == pytest.approx(voting * (1 - table.loyalty))


def test_default_row_follows_the_nuance_before_the_family() -> None:
    table = transfer_defaults()
    standing = (("A", "right"), ("B", "far-right"))
    dlf = table.list_row("right", "LDLF", home=None, merged=False, standing=standing)
    right = table.list_row("right", "LDVD", home=None, merged=False, standing=standing)
    assert dlf.situation == "orphan" and right.situation == "represented"
    assert dlf.shares[0] == pytest.approx(dlf.shares[1])
    assert right.shares[0] > 10 * right.shares[1]


def test_defaults_table_is_checked() -> None:
    shipped = files("ballottage").joinpath("reference/transfer_defaults.toml").read_text("utf-8")
    table = tomllib.loads(shipped)
    assert parse_defaults(table) == transfer_defaults()
    del table["family"]["other"]
    with pytest.raises(InvalidInput, match="every family needs a table"):
        parse_defaults(table)
    table = tomllib.loads(shipped)
    table["family"]["left"]["affinity"]["far-right"] = 0
    with pytest.raises(InvalidInput, match="every weight must be above 0"):
        parse_defaults(table)


def test_spread_and_concentration_convert_both_ways() -> None:
    kappa = concentration_for_spread(0.6, 0.05)
    assert kappa == pytest.approx(0.6 * 0.4 / 0.0025 - 1)
    assert spread_for_concentration(0.6, kappa) == pytest.approx(0.05)
    assert concentration_for_spread(0.3, 0.0) == math.inf
    with pytest.raises(InvalidInput, match="too wide"):
        concentration_for_spread(0.1, 0.35)


def test_a_minimal_scenario_uses_the_law_and_the_defaults() -> None:
    s = scenario()
    assert s.standing == ("MARTIN Anne", "DURAND Paul", "PETIT Luc")
    assert s.destinations[-2:] == (ABSTENTION, BLANK_NULL)
    assert [r.source for r in s.rows][-2:] == [ABSTENTION, BLANK_NULL]
    assert sum(r.voters for r in s.rows) == DEMO.inscrits
    for row in s.rows:
        assert math.fsum(row.shares) == pytest.approx(1.0, abs=1e-9)
    expected = s.expected()
    assert DEMO.inscrits - expected[ABSTENTION] == pytest.approx(DEMO.votants)
    assert s.turnout is not None and s.turnout.origin.startswith("default")


def test_withdraw_and_merge() -> None:
    s = scenario('[lineup]\nwithdraw = ["PETIT"]\nmerge = { DURAND = ["ROUX"] }\n')
    assert s.standing == ("MARTIN Anne", "DURAND Paul")
    assert dict(s.lineup.mergers) == {"DURAND Paul": ("ROUX Éva",)}
    assert s.row("ROUX Éva").origin == "default (merged)"
    assert s.row("PETIT Luc").origin == "default (orphan)"


def test_turnout_up_mobilises_abstainers() -> None:
    s = scenario("[turnout]\nround2 = 0.7\n")
    expected = s.expected()
    assert 1 - expected[ABSTENTION] / DEMO.inscrits == pytest.approx(0.7)
    assert "of them vote" in s.row(ABSTENTION).origin


def test_turnout_down_raises_every_rows_abstention() -> None:
    s = scenario("[turnout]\nchange = -0.2\n")
    assert s.row(ABSTENTION).shares[-2] == 1.0
    assert 1 - s.expected()[ABSTENTION] / DEMO.inscrits == pytest.approx(0.4)
    assert "abstention raised" in s.row("MARTIN Anne").origin


def test_turnout_out_of_reach() -> None:
    with pytest.raises(InvalidInput, match="out of reach"):
        scenario("[turnout]\nround2 = 1.0\n[transfers.MARTIN]\nMARTIN = 0.5\nabstention = 0.5\n")


def test_an_explicit_row_with_spreads() -> None:
    s = scenario(
        '[lineup]\nwithdraw = ["PETIT"]\n'
        '[transfers.PETIT]\nDURAND = "0.7 ± 0.05"\nMARTIN = { share = 0.1, spread = 0.03 }\n'
        "abstention = 0.15\nblank-null = 0.05\n"
    )
    row = s.row("PETIT Luc")
    assert row.origin == "file"
    assert row.shares == pytest.approx((0.1, 0.7, 0.15, 0.05))
    widest = min(concentration_for_spread(0.7, 0.05), concentration_for_spread(0.1, 0.03))
    assert row.concentration == pytest.approx(widest)


def test_an_explicit_row_takes_the_default_concentration_and_fixed_rows() -> None:
    s = scenario(
        "[transfers.MOREAU]\nPETIT = 1.0\n"
        "[transfers.abstention]\nabstention = 1.0\nconcentration = inf\n"
    )
    # Extreme-left voters with a left list standing count as represented (affinity 0.5).
    assert s.row("MOREAU Léa").concentration == transfer_defaults().concentration["represented"]
    assert s.row(ABSTENTION).concentration == math.inf
    assert s.turnout is None


def test_a_row_must_add_up_to_one() -> None:
    with pytest.raises(InvalidInput) as caught:
        scenario("[transfers.PETIT]\nPETIT = 0.5\nDURAND = 0.3\n", source="my.toml")
    message = str(caught.value)
    assert 'my.toml: transfers."PETIT"' in message
    assert "adds up to 0.8, not 1 (tolerance 1e-9)" in message
    assert scenario("[transfers.PETIT]\nPETIT = 0.1\nDURAND = 0.2\nabstention = 0.7\n")


def test_a_row_or_a_cell_given_twice() -> None:
    with pytest.raises(InvalidInput, match="this row is given twice"):
        scenario('[transfers.PETIT]\nPETIT = 1\n[transfers."PETIT Luc"]\nPETIT = 1\n')
    with pytest.raises(InvalidInput, match="given twice in the row"):
        scenario('[transfers.PETIT]\nPETIT = 0.5\n"PETIT Luc" = 0.5\n')


def test_turnout_keeps_the_split_of_a_written_abstainers_row() -> None:
    s = scenario(
        "[turnout]\nround2 = 0.65\n"
        "[transfers.abstention]\nDURAND = 0.06\nMARTIN = 0.02\nabstention = 0.92\n"
    )
    row = s.row(ABSTENTION)
    assert row.shares[1] == pytest.approx(3 * row.shares[0])
    assert row.shares[2] == 0.0
    assert 1 - s.expected()[ABSTENTION] / DEMO.inscrits == pytest.approx(0.65)


def test_concentration_or_spread_not_both() -> None:
    with pytest.raises(InvalidInput, match="not both"):
        scenario('[transfers.PETIT]\nPETIT = "1 ± 0"\nconcentration = 10\n')


def test_a_list_under_10_percent_may_not_stand() -> None:
    with pytest.raises(IllegalLineup) as caught:
        scenario('[lineup]\nstand = ["MARTIN", "DURAND", "ROUX"]\n', source="bad.toml")
    assert caught.value.rule == "art. L346"
    assert str(caught.value).startswith("bad.toml: lineup.stand: list 'ROUX Éva' cannot stand")
    assert "3 lists reached it" in str(caught.value)


def test_a_list_under_5_percent_may_not_merge() -> None:
    with pytest.raises(IllegalLineup, match=r"lineup.merge: list 'LEROY Jean' cannot merge"):
        scenario('[lineup]\nmerge = { DURAND = ["LEROY"] }\n')


def test_only_a_list_that_may_stand_can_withdraw() -> None:
    with pytest.raises(InvalidInput, match="may not stand in round 2 anyway") as caught:
        scenario('[lineup]\nwithdraw = ["ROUX"]\n')
    assert caught.value.rule == "art. L346"


def test_unknown_sections_keys_and_destinations() -> None:
    with pytest.raises(InvalidInput, match="unknown section"):
        scenario("[transfer.PETIT]\nPETIT = 1\n")
    with pytest.raises(InvalidInput, match="lineup.stands"):
        scenario('[lineup]\nstands = ["MARTIN"]\n')
    with pytest.raises(InvalidInput, match="ROUX Éva does not stand in round 2"):
        scenario("[transfers.PETIT]\nROUX = 1.0\n")


def test_no_round_2_after_an_absolute_majority() -> None:
    won = Round1Figures(
        "regionales-2015",
        "Won",
        "00",
        "regionales-2015",
        20,
        100,
        60,
        0,
        0,
        (Round1List("A", 31), Round1List("B", 29)),
    )
    with pytest.raises(InvalidInput, match="absolute majority") as caught:
        parse_scenario(HEAD, lambda e, r: won)
    assert caught.value.rule == "art. L338"


def test_projection_gives_the_whole_council() -> None:
    result = project_scenario(scenario())
    assert sum(result.allocation.seats.values()) == 20
    assert result.allocation.leader == "MARTIN Anne"
    votes = sum(result.expected.votes.values())
    assert votes + result.blank_null + result.abstentions == DEMO.inscrits


def test_simulation_is_reproducible_and_adds_up() -> None:
    s = scenario('[lineup]\nwithdraw = ["PETIT"]\n')
    first = simulate_scenario(s, draws=2000, seed=7)
    again = simulate_scenario(s, draws=2000, seed=7)
    assert first == again
    assert sum(o.p_first for o in first.lists) == pytest.approx(1.0)
    assert sum(o.mean for o in first.lists) == pytest.approx(20.0)
    for o in first.lists:
        assert o.q05 <= o.q50 <= o.q95


@pytest.fixture(scope="module")
def store(bundled_store: Store) -> Store:
    return bundled_store


def test_store_adapter_reads_round_1(store: Store) -> None:
    assert election_id(store, "2015") == "regionales-2015"
    with pytest.raises(UnknownName):
        election_id(store, "1999")
    figures = round1_figures(store, "regionales-2015", "PACA")
    assert (figures.seats, figures.exprimes, figures.lists[0].head) == (
        123,
        1_774_850,
        "MARÉCHAL-LE PEN Marion",
    )


def test_the_actual_hdf_line_up_projects_bertrand_first(store: Store) -> None:
    s = load_scenario(EXAMPLES / "hdf-2015.toml", lambda e, r: round1_figures(store, e, r))
    assert s.standing == ("LE PEN Marine", "BERTRAND Xavier")
    seats = project_scenario(s).allocation.seats
    assert seats["BERTRAND Xavier"] > seats["LE PEN Marine"]
    assert abs(seats["BERTRAND Xavier"] - 116) <= 6  # published: 116 and 54


def test_the_scenarios_in_the_docs_load(store: Store) -> None:
    docs = (EXAMPLES.parent / "docs" / "scenarios.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in docs.split("```toml\n")[1:]]
    files = [b for b in blocks if b.startswith("[scenario]")]
    assert len(files) == 2
    for text in files:
        s = parse_scenario(text, lambda e, r: round1_figures(store, e, r), source="docs")
        assert sum(project_scenario(s).allocation.seats.values()) == s.figures.seats
    full = parse_scenario(files[1], lambda e, r: round1_figures(store, e, r), source="docs")
    assert full.row("DUPONT-AIGNAN Nicolas").concentration == pytest.approx(
        concentration_for_spread(0.45, 0.10)
    )
    assert full.row("COSSE Emmanuelle").concentration == 40


# What happened: a past round 2 in the figures --------------------------------------------------

OBSERVED = ObservedRound2(
    votants=6_500,
    votes=(("MARTIN Anne", 2_700), ("DURAND Paul", 2_300), ("PETIT Luc", 1_300)),
    mergers=(("PETIT Luc", ("ROUX Éva",)),),
)
PAST = replace(DEMO, observed=OBSERVED)


def past(election: str, region: str) -> Round1Figures:
    return PAST


def test_a_bare_past_scenario_reproduces_the_round_2_that_happened() -> None:
    s = parse_scenario(HEAD, past, source="past.toml")
    assert s.observed and s.standing == ("MARTIN Anne", "DURAND Paul", "PETIT Luc")
    assert dict(s.lineup.mergers) == {"PETIT Luc": ("ROUX Éva",)}
    expected = s.expected()
    for head, votes in OBSERVED.votes:
        assert expected[head] == pytest.approx(votes, abs=1e-6)
    assert expected["blank-null"] == pytest.approx(200, abs=1e-6)
    assert expected["abstention"] == pytest.approx(10_000 - 6_500, abs=1e-6)
    assert all(math.fsum(r.shares) == pytest.approx(1.0, abs=1e-12) for r in s.rows)
    assert all("calibrated to the round 2 that happened" in r.origin for r in s.rows)
    result = project_scenario(s)
    assert dict(result.expected.votes) == dict(OBSERVED.votes)
    assert result.votants == 6_500


def test_the_same_lineup_written_out_is_what_happened_too_and_anything_else_leaves_it() -> None:
    same = '[lineup]\nstand = ["MARTIN", "DURAND", "PETIT"]\nmerge = { PETIT = ["ROUX"] }\n'
    assert parse_scenario(HEAD + same, past).observed
    without_merger = '[lineup]\nstand = ["MARTIN", "DURAND", "PETIT"]\n'
    assert not parse_scenario(HEAD + without_merger, past).observed
    assert not parse_scenario(HEAD + "[turnout]\nround2 = 0.65\n", past).observed
    row = '[transfers."ROUX"]\nPETIT = 0.9\nabstention = 0.1\n'
    assert not parse_scenario(HEAD + row, past).observed
    # Without observed votants, the lists are still reproduced; the turnout is not claimed.
    unknown = replace(DEMO, observed=replace(OBSERVED, votants=None))
    s = parse_scenario(HEAD, lambda e, r: unknown)
    assert s.observed and s.turnout is None
    assert s.expected()["MARTIN Anne"] == pytest.approx(2_700, abs=1e-6)


def test_corsica_scenario_refuses_a_runner_up_the_law_does_not_allow() -> None:
    corse = replace(DEMO, rules="corse-2017", seats=63)
    text = '[lineup]\nstand = ["MARTIN", "DURAND", "PETIT", "ROUX"]\n'
    with pytest.raises(IllegalLineup, match="cannot stand") as caught:
        parse_scenario(HEAD + text, lambda e, r: corse)
    assert caught.value.rule == "art. L373"

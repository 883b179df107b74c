"""Errors as data: the kind, the field, the place and the article are attributes, so nothing
reads them back out of a message."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from tests.unit.scenarios.demo import DEMO, HEAD, demo, scenario

from ballottage.data import Store
from ballottage.errors import BallottageError, IllegalLineup, InvalidInput, MissingData
from ballottage.inference.units import transfer_units
from ballottage.law import Lineup, check_lineup, round2_eligibility, rule_set
from ballottage.scenarios import ScenarioSpec, parse_scenario, scenario_from_spec

ELIGIBILITY = round2_eligibility(DEMO.votes(), rule_set("regionales-2015"), exprimes=DEMO.exprimes)


@pytest.mark.parametrize(
    ("lineup", "kind", "lists"),
    [
        (Lineup((), {}), "no-list-stands", ()),
        (Lineup(("MARTIN Anne", "MARTIN Anne"), {}), "stands-twice", ("MARTIN Anne",)),
        (Lineup(("MARTIN Anne", "ROUX Éva"), {}), "cannot-stand", ("ROUX Éva",)),
        (Lineup(("MARTIN Anne",), {"DURAND Paul": ("ROUX Éva",)}), "host-does-not-stand", None),
        (
            Lineup(("MARTIN Anne", "PETIT Luc"), {"MARTIN Anne": ("PETIT Luc",)}),
            "partner-stands",
            None,
        ),
        (
            Lineup(
                ("MARTIN Anne", "PETIT Luc"),
                {"MARTIN Anne": ("ROUX Éva",), "PETIT Luc": ("ROUX Éva",)},
            ),
            "partner-twice",
            None,
        ),
        (Lineup(("MARTIN Anne",), {"MARTIN Anne": ("LEROY Jean",)}), "cannot-merge", None),
    ],
)
def test_the_law_says_which_rule_a_lineup_breaks(
    lineup: Lineup, kind: str, lists: tuple[str, ...] | None
) -> None:
    with pytest.raises(IllegalLineup) as caught:
        check_lineup(ELIGIBILITY, lineup)
    error = caught.value
    assert (error.kind, error.article, error.rule) == (kind, "art. L346", "art. L346")
    assert error.about_standing == (kind in IllegalLineup.STANDING_KINDS)
    if lists is not None:
        assert error.lists == lists
    assert error.fields()["code"] == kind and error.fields()["article"] == "art. L346"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('[lineup]\nstand = ["MARTIN", "ROUX"]\n', "lineup.stand"),
        ('[lineup]\nwithdraw = ["MARTIN", "DURAND", "PETIT"]\n', "lineup.withdraw"),
        ('[lineup]\nmerge = { DURAND = ["LEROY"] }\n', "lineup.merge"),
        ('[lineup]\nstand = ["MARTIN"]\nmerge = { DURAND = ["ROUX"] }\n', "lineup.merge"),
    ],
)
def test_an_illegal_lineup_is_placed_by_its_kind(body: str, field: str) -> None:
    with pytest.raises(IllegalLineup) as caught:
        scenario(body, source="bad.toml")
    error = caught.value
    assert (error.where, error.field) == ("bad.toml", field)
    assert str(error).startswith(f"bad.toml: {field}: {error.problem}")


def test_a_request_names_its_json_fields() -> None:
    spec = ScenarioSpec(election="2015", region="Demo", stand=["MARTIN", "ROUX"])
    with pytest.raises(IllegalLineup) as caught:
        scenario_from_spec(spec, lambda e, r: DEMO)
    assert (caught.value.where, caught.value.field, caught.value.kind) == (
        None,
        "stand",
        "cannot-stand",
    )
    spec = ScenarioSpec(election="2015", region="Demo", transfers={"PETIT": {"ROUX": 1}})
    with pytest.raises(InvalidInput) as wrong:
        scenario_from_spec(spec, lambda e, r: DEMO)
    assert (wrong.value.field, wrong.value.kind) == ("transfers.PETIT.ROUX", "not-standing")


def test_a_round_1_winner_is_refused_with_the_article() -> None:
    won = replace(DEMO, votants=4_500, lists=(*DEMO.lists[:1], *DEMO.lists[2:]))
    with pytest.raises(InvalidInput) as caught:
        scenario_from_spec(ScenarioSpec(election="2015", region="Demo"), lambda e, r: won)
    error = caught.value
    assert (error.kind, error.article, error.field) == ("round1-winner", "art. L338", "region")
    assert error.problem == "no round 2: MARTIN Anne had the absolute majority in round 1"


def test_only_a_list_that_may_stand_can_withdraw() -> None:
    with pytest.raises(InvalidInput) as caught:
        scenario('[lineup]\nwithdraw = ["ROUX"]\n')
    assert (caught.value.kind, caught.value.article) == ("cannot-withdraw", "art. L346")


def test_missing_local_results_say_where_and_what(bundled_store: Store) -> None:
    with pytest.raises(MissingData) as caught:
        transfer_units(bundled_store, "regionales-2015", "32")
    error = caught.value
    assert error.where == "Hauts-de-France, regionales-2015"
    assert error.problem == "the store has no round-2 results by commune or canton"
    assert error.kind == "round-not-stored"
    assert str(error).startswith(f"{error.where}: {error.problem}. ")
    assert "ballottage fetch" in str(error)


BAD = [
    "[transfer.PETIT]\nPETIT = 1\n",
    '[lineup]\nstands = ["MARTIN"]\n',
    "[scenario]\n",
    '[lineup]\nstand = "MARTIN"\n',
    "[lineup]\nmerge = 3\n",
    '[lineup]\nwithdraw = ["Nobody"]\n',
    '[lineup]\nwithdraw = ["MAR"]\n[transfers.MARTINEZ]\nMARTIN = 1\n',
    '[lineup]\nstand = ["MARTIN", "ROUX"]\n',
    '[lineup]\nstand = ["MARTIN", "MARTIN"]\n',
    '[lineup]\nmerge = { DURAND = ["LEROY"] }\n',
    '[lineup]\nmerge = { DURAND = ["DURAND"] }\n',
    '[lineup]\nwithdraw = ["ROUX"]\n',
    '[lineup]\nwithdraw = ["MARTIN"]\nstand = ["MARTIN"]\n',
    "[transfers]\nPETIT = 3\n",
    "[transfers.PETIT]\nPETIT = 'x'\n",
    "[transfers.PETIT]\nPETIT = 1.5\n",
    "[transfers.PETIT]\nPETIT = 0.5\n",
    '[transfers.PETIT]\nPETIT = 1\n[transfers."PETIT Luc"]\nPETIT = 1\n',
    '[transfers.PETIT]\nPETIT = 0.5\n"PETIT Luc" = 0.5\n',
    "[transfers.PETIT]\nROUX = 1.0\n",
    "[transfers.PETIT]\nPETIT = 1\nspread = nan\n",
    "[transfers.PETIT]\nPETIT = 1\nconcentration = -1\n",
    "[transfers.PETIT]\nPETIT = '1 ± 0'\nconcentration = 9\n",
    "[turnout]\nround2 = 1.5\n",
    "[turnout]\nround2 = 0.5\nchange = 0.1\n",
    "[turnout]\nround2 = 1.0\n[transfers.MARTIN]\nMARTIN = 0.5\nabstention = 0.5\n",
]


def test_every_code_a_scenario_gives_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[3] / "docs" / "scenarios.md").read_text("utf-8")
    table = docs.split("| code | what is wrong |")[1].split("\n\n")[0]
    documented = set(re.findall(r"`([a-z_-]+)`", table))
    seen = set()
    for body in BAD:
        with pytest.raises(BallottageError) as caught:
            scenario(body)
        assert caught.value.kind in documented, (body, caught.value.kind)
        seen.add(caught.value.kind)
    for text in (
        '[scenario]\nregion = "Demo"\n',
        HEAD.replace('"Demo"', "3"),
        HEAD + "title = 3\n",
    ):
        with pytest.raises(BallottageError) as caught:
            parse_scenario(text, demo)
        assert caught.value.kind in documented, (text, caught.value.kind)
    assert len(seen) == len(BAD) - 1  # one kind per case but the two bad names

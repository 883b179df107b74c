"""One scenario model: the file, the web body and the estimator's file are one ScenarioSpec."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from tests.unit.scenarios.demo import HEAD, demo

from ballottage.data import Store
from ballottage.errors import InvalidInput
from ballottage.scenarios import (
    Places,
    Round1Figures,
    ScenarioSpec,
    concentration_for_spread,
    parse_scenario,
    scenario_from_spec,
    scenario_text,
    spec_from_toml,
)
from ballottage.scenarios.store import round1_figures
from ballottage.scenarios.toml_file import toml_key
from ballottage.web.models import ScenarioRequest

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_the_three_ways_to_write_a_cell_are_one_cell() -> None:
    spec = spec_from_toml(
        HEAD + '[transfers.PETIT]\nDURAND = "0.7 ± 0.05"\nMARTIN = { share = 0.1, spread = 0.03 }\n'
        "abstention = 0.2\n"
    )
    row = spec.transfers["PETIT"]
    assert row.shares == (0.7, 0.1, 0.2)
    assert [c.spread for c in row.cells.values()] == [0.05, 0.03, None]
    widest = min(concentration_for_spread(0.7, 0.05), concentration_for_spread(0.1, 0.03))
    assert row.concentration_asked() == pytest.approx(widest)


def test_a_year_is_an_election_and_true_is_not() -> None:
    assert ScenarioSpec(election=2015, region="HDF").election == "2015"
    with pytest.raises(ValidationError, match="give an election"):
        ScenarioSpec(election=True, region="HDF")


@pytest.mark.parametrize(
    ("body", "field", "kind"),
    [
        ({"turnout": 0.5, "turnout_change": 0.1}, "turnout_change", "turnout-twice"),
        ({"turnout": 0.0}, "turnout", "turnout"),
        ({"transfers": {"PETIT": {"DURAND": 0.5}}}, "transfers.PETIT", "row-sum"),
        ({"transfers": {"PETIT": {"DURAND": 1.5}}}, "transfers.PETIT.DURAND.share", "share"),
        (
            {"transfers": {"PETIT": {"DURAND": "1 ± 0", "concentration": 9}}},
            "transfers.PETIT",
            "uncertainty-twice",
        ),
        ({"stand": "DURAND"}, "stand", "names"),
        ({"merge": ["DURAND"]}, "merge", "merge"),
    ],
)
def test_a_request_that_breaks_a_rule_names_the_field_and_the_kind(
    body: dict[str, object], field: str, kind: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        ScenarioRequest.model_validate({"election": "2015", "region": "Demo", **body})
    (first, *_) = caught.value.errors()
    assert first["type"] == kind
    assert ".".join(str(p) for p in first["loc"] if p != "cells") == field


def test_the_same_error_from_a_file_names_the_file_and_its_key() -> None:
    with pytest.raises(InvalidInput) as caught:
        spec_from_toml(HEAD + "[transfers.PETIT]\nDURAND = 1.5\n", "demo.toml")
    error = caught.value
    assert (error.kind, error.where, error.field, error.value) == (
        "share",
        "demo.toml",
        'transfers."PETIT"."DURAND"',
        1.5,
    )
    assert (
        str(error) == 'demo.toml: transfers."PETIT"."DURAND"=1.5: a share must be between 0 and 1'
    )


def test_a_web_body_and_a_file_give_the_same_scenario() -> None:
    body = {
        "election": "regionales-2015",
        "region": "Demo",
        "withdraw": ["PETIT"],
        "merge": {"DURAND": ["ROUX"]},
        "turnout": 0.65,
        "transfers": {"PETIT": {"DURAND": 0.7, "MARTIN": 0.1, "abstention": 0.2}},
    }
    text = HEAD + (
        '[lineup]\nwithdraw = ["PETIT"]\nmerge = { DURAND = ["ROUX"] }\n[turnout]\nround2 = 0.65\n'
        "[transfers.PETIT]\nDURAND = 0.7\nMARTIN = 0.1\nabstention = 0.2\n"
    )
    from_body = scenario_from_spec(ScenarioRequest.model_validate(body), demo)
    from_file = parse_scenario(text, demo, source="demo.toml")
    assert from_body.lineup == from_file.lineup
    assert [(r.source, r.shares, r.concentration) for r in from_body.rows] == [
        (r.source, r.shares, r.concentration) for r in from_file.rows
    ]
    assert from_body.row("PETIT Luc").given and from_body.row("DURAND Paul").situation == "home"
    assert from_body.turnout is not None and from_body.turnout.origin == "turnout"
    assert from_file.turnout is not None and from_file.turnout.origin == "demo.toml: turnout.round2"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_example_is_written_back_as_the_same_spec(path: Path) -> None:
    spec = spec_from_toml(path.read_text(encoding="utf-8"), path.name)
    assert spec_from_toml(scenario_text(spec)) == spec


names = st.sampled_from(["LE PEN", "BERTRAND Xavier", 'Jo "X" Ü', "abstention", "blank-null"])


@st.composite
def specs(draw: st.DrawFn) -> ScenarioSpec:
    rows = {}
    for source in draw(st.lists(names, max_size=3, unique=True)):
        dests = draw(st.lists(names, min_size=1, max_size=4, unique=True))
        weights = [draw(st.integers(1, 100)) for _ in dests]
        shares = [w / sum(weights) for w in weights]
        shares[-1] = 1.0 - math.fsum(shares[:-1])
        row: dict[str, object] = {}
        for d, s in zip(dests, shares, strict=True):
            row[d] = {"share": s, "spread": 0.0} if draw(st.booleans()) else s
        rows[source] = row
    turnout = draw(st.one_of(st.none(), st.floats(0.01, 1.0)))
    return ScenarioSpec(
        election=draw(st.sampled_from(["2015", "regionales-2021"])),
        region=draw(st.sampled_from(["HDF", "Île-de-France"])),
        title=draw(st.one_of(st.none(), st.text(max_size=30))),
        withdraw=draw(st.lists(names, max_size=2)),
        merge=draw(st.dictionaries(names, st.lists(names, max_size=2), max_size=2)),
        turnout=turnout,
        transfers=rows,
    )


@settings(max_examples=60, deadline=None)
@given(spec=specs())
def test_a_spec_written_as_a_file_reads_back_the_same(spec: ScenarioSpec) -> None:
    assert spec_from_toml(scenario_text(spec, header=["made by a test"])) == spec
    assert ScenarioSpec.model_validate(spec.model_dump()) == spec


def test_the_scenario_from_a_spec_is_the_one_from_its_file(bundled_store: Store) -> None:
    def figures_for(election: str, region: str) -> Round1Figures:
        return round1_figures(bundled_store, election, region)

    text = (EXAMPLES / "idf-2015-triangulaire.toml").read_text(encoding="utf-8")
    from_text = parse_scenario(text, figures_for)
    from_spec = scenario_from_spec(spec_from_toml(text), figures_for, places=Places(None, toml_key))
    assert from_spec.lineup == from_text.lineup
    assert [(r.source, r.shares, r.concentration) for r in from_spec.rows] == [
        (r.source, r.shares, r.concentration) for r in from_text.rows
    ]
    assert from_spec.row("abstention").notes == ("0.2436 of them vote (turnout.round2)",)

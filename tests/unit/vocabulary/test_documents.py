"""The documents of the JSON vocabulary, built from the law's values and read back."""

from __future__ import annotations

import json
from enum import Enum

import pytest
from pydantic import ValidationError

from ballottage.law import allocate_council, allocate_sections, round2_eligibility, rule_set
from ballottage.vocabulary.common import Turnout
from ballottage.vocabulary.law import AllocateDoc, QualifyDoc
from ballottage.vocabulary.problems import ErrorDoc, Problem

WORKED = {"A": 4000, "B": 3000, "C": 2000, "D": 600, "E": 400}


def test_the_worked_example_has_integer_seats_and_the_bonus_once() -> None:
    doc = AllocateDoc.of(allocate_council(WORKED, rule_set("regionales-2015"), seats=19))
    data = json.loads(doc.json_text())
    assert data["schema"] == 1 and data["bonus"] == {"list": "A", "seats": 5}
    assert {x["list"]: (x["bonus"], x["seats"]) for x in data["lists"]} == {
        "A": (5, 11),
        "B": (0, 5),
        "C": (0, 3),
        "D": (0, 0),
        "E": (0, 0),
    }
    assert AllocateDoc.model_validate_json(doc.json_text()) == doc


def test_a_section_move_reads_from_and_to() -> None:
    rules = rule_set("regionales-2015")
    votes = {"X": 900, "Y": 100}
    allocation = allocate_council(votes, rules, seats=16)
    per_list = {"X": {"s1": 899, "s2": 1}, "Y": {"s1": 99, "s2": 1}}
    split = allocate_sections(
        allocation.seats, per_list, leader=allocation.leader, minima={"s1": 2, "s2": 2}
    )
    data = json.loads(AllocateDoc.of(allocation, sections=split).json_text())
    assert data["section_moves"] and set(data["section_moves"][0]) == {
        "list",
        "from",
        "to",
        "average",
    }
    assert sum(r["seats"] for r in data["sections"]) == 16


def test_qualify_names_each_list_and_its_status() -> None:
    eligibility = round2_eligibility({"A": 60, "B": 34, "C": 6}, rule_set("municipales"))
    data = json.loads(QualifyDoc.of(eligibility).json_text())
    assert [(x["list"], x["status"]) for x in data["lists"]] == [
        ("A", "stand"),
        ("B", "stand"),
        ("C", "merge"),
    ]


def test_turnout_fills_what_follows_and_leaves_the_unknown_unknown() -> None:
    t = Turnout.of(inscrits=1000, votants=600, exprimes=570, blancs=20, nuls=10)
    assert (t.abstentions, t.blank_spoiled, t.rate) == (400, 30, 0.6)
    unknown = Turnout.of(inscrits=1000, votants=None, exprimes=570)
    assert (unknown.abstentions, unknown.blank_spoiled, unknown.rate) == (None, None, None)


def test_an_error_takes_its_kind_and_article_from_the_exception_s_fields() -> None:
    class Kind(Enum):
        LAW = "IllegalLineup"

    old = Problem.of("x", {"error": "InvalidInput", "field": "seats", "limit": 3})
    assert (old.kind, old.field, old.limit, old.article) == ("InvalidInput", "seats", 3, None)
    new = Problem.of("x", {"kind": Kind.LAW, "error": "Other", "article": "art. L346"})
    assert (new.kind, new.article) == ("IllegalLineup", "art. L346")
    text = ErrorDoc(error=new).json_text()
    assert json.loads(text)["schema"] == 1


def test_a_document_refuses_a_key_it_does_not_declare() -> None:
    with pytest.raises(ValidationError):
        ErrorDoc.model_validate({"schema": 1, "error": {"kind": "K", "message": "m", "x": 1}})
    with pytest.raises(ValidationError):
        ErrorDoc.model_validate({"schema": 2, "error": {"kind": "K", "message": "m"}})

"""Result values as the HTML report's plain data (dicts, lists, numbers, text).

Only :mod:`ballottage.report` reads these any more: ``--json`` and the web API speak the public
vocabulary of :mod:`ballottage.vocabulary` (docs/json.md). This module goes when the report
renders typed values. Fractions become floats here, for display only.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ballottage.law import (
    CouncilAllocation,
    Eligibility,
    Round1Result,
    RuleSet,
    SectionSeats,
    Step,
)

Plain = dict[str, Any]

_ROUNDING = {"up": "rounded up", "municipal": "rounded up above 4 seats, down below"}


def number(value: Fraction | None, places: int = 6) -> float | None:
    """A fraction as a rounded float, for display."""
    return None if value is None else round(float(value), places)


def step_data(step: Step) -> Plain:
    """One trace step."""
    data: Plain = {"kind": step.kind, "text": step.text}
    for key in ("list", "section", "seats", "article"):
        value = getattr(step, key)
        if value is not None:
            data[key] = value
    if step.average is not None:
        data["average"] = number(step.average, 4)
        data["average_exact"] = str(step.average)
    return data


def rules_data(rules: RuleSet) -> Plain:
    """A rule set's parameters."""
    return {
        "name": rules.name,
        "title": rules.title,
        "seats": rules.seats,
        "bonus": (
            f"{rules.bonus_fixed} seats"
            if rules.bonus_fixed is not None
            else f"{rules.bonus_fraction} of the seats, " + _ROUNDING[rules.bonus_rounding.value]
        ),
        "stand_threshold": number(rules.stand_threshold),
        "merge_threshold": number(rules.merge_threshold),
        "seat_threshold": number(rules.seat_threshold),
        "runner_up_fallback": rules.runner_up_fallback,
        "top_two_fallback": rules.top_two_fallback,
        "sections": rules.sections,
        "section_minimum": (
            None
            if rules.section_minimum is None
            else {
                "small": rules.section_minimum.small,
                "large": rules.section_minimum.large,
                "population_limit": rules.section_minimum.population_limit,
            }
        ),
        "articles": dict(rules.articles),
        "notes": rules.notes,
    }


def eligibility_data(eligibility: Eligibility) -> Plain:
    """Who may stand, merge, or is out after round 1."""
    ex = eligibility.exprimes
    return {
        "rules": eligibility.rules.name,
        "exprimes": ex,
        "outcome": "round2",
        "stand": list(eligibility.stand),
        "merge": list(eligibility.merge),
        "out": list(eligibility.out),
        "fallback": eligibility.fallback,
        "article": eligibility.rules.article("stand"),
        "lists": [
            {
                "name": name,
                "votes": votes,
                "share": number(Fraction(votes, ex)),
                "status": eligibility.status(name),
            }
            for name, votes in sorted(eligibility.votes.items(), key=lambda kv: -kv[1])
        ],
        "trace": [step_data(s) for s in eligibility.trace],
    }


def allocation_data(
    allocation: CouncilAllocation,
    *,
    round_number: int = 2,
    sections: SectionSeats | None = None,
) -> Plain:
    """A council's seats: bonus, lists, sections and trace."""
    trace = [step_data(s) for s in allocation.trace]
    if sections is not None:
        trace.extend(step_data(s) for s in sections.trace)
    return {
        "rules": allocation.rules.name,
        "seats_total": allocation.seats_total,
        "round": round_number,
        "outcome": "seats",
        "exprimes": allocation.exprimes,
        "bonus": {"list": allocation.leader, "seats": allocation.bonus},
        "lists": [
            {
                "name": item.name,
                "votes": item.votes,
                "share": number(item.share),
                "eligible": item.eligible,
                "bonus": item.bonus,
                "proportional": item.proportional,
                "seats": item.seats,
            }
            for item in allocation.lists
        ],
        "sections": [] if sections is None else sections_data(sections),
        "section_moves": (
            []
            if sections is None
            else [
                {
                    "list": m.list,
                    "from": m.from_section,
                    "to": m.to_section,
                    "average": number(m.average, 4),
                }
                for m in sections.moves
            ]
        ),
        "trace": trace,
    }


def sections_data(sections: SectionSeats) -> list[Plain]:
    """Seats per list and section."""
    return [
        {"list": name, "section": section, "seats": n}
        for name, per_section in sections.seats.items()
        for section, n in per_section.items()
    ]


def round1_data(result: Round1Result, *, seats_total: int) -> Plain:
    """Round 1: seats at once, or who may stand in round 2."""
    if result.allocation is not None or result.eligibility is None:
        assert result.allocation is not None
        return allocation_data(result.allocation, round_number=1)
    elig = eligibility_data(result.eligibility)
    return {
        "rules": result.eligibility.rules.name,
        "seats_total": seats_total,
        "round": 1,
        "outcome": "round2",
        "exprimes": elig["exprimes"],
        "bonus": None,
        "lists": [
            {**item, "eligible": item["status"] != "out", "seats": None} for item in elig["lists"]
        ],
        "stand": elig["stand"],
        "merge": elig["merge"],
        "out": elig["out"],
        "sections": [],
        "trace": elig["trace"],
    }

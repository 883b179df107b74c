"""A scenario's round-2 line-up: the names a user wrote, resolved and checked against the law.

The law itself is :func:`ballottage.law.check_lineup` (art. L346, L373, L264); this module finds
the lists the names mean, says which key of the scenario an illegal line-up comes from, and
gives the line-up of the round 2 that happened.
"""

from __future__ import annotations

from collections.abc import Sequence

from ballottage.errors import IllegalLineup, InvalidInput
from ballottage.law import Eligibility, Lineup, Status, check_lineup, lineup_from
from ballottage.scenarios.figures import ObservedRound2, Round1Figures
from ballottage.scenarios.places import Places
from ballottage.scenarios.spec import ScenarioSpec


def list_head(places: Places, loc: tuple[int | str, ...], name: str, figures: Round1Figures) -> str:
    """The head of the round-1 list ``name`` means, or an error at ``loc``."""
    try:
        return figures.find(name).head
    except InvalidInput as exc:
        raise exc.placed(places.where, places.key_of(loc), name) from None


def _heads(
    places: Places, loc: tuple[int | str, ...], names: Sequence[str], figures: Round1Figures
) -> list[str]:
    return [list_head(places, loc, name, figures) for name in names]


def _mergers(places: Places, spec: ScenarioSpec, figures: Round1Figures) -> dict[str, list[str]]:
    mergers: dict[str, list[str]] = {}
    for host, partners in spec.merge.items():
        name = list_head(places, ("merge",), host, figures)
        mergers[name] = _heads(places, ("merge", host), partners, figures)
        if name in mergers[name]:
            raise places.invalid(
                ("merge", host), name, "a list cannot merge with itself", kind="self-merger"
            )
    return mergers


def _withdrawn(
    places: Places, spec: ScenarioSpec, figures: Round1Figures, eligibility: Eligibility
) -> list[str]:
    withdraw = _heads(places, ("withdraw",), spec.withdraw, figures)
    for name in withdraw:
        if eligibility.status(name) != Status.STAND:
            raise places.invalid(
                ("withdraw",),
                name,
                "may not stand in round 2 anyway, so it cannot withdraw",
                kind="cannot-withdraw",
                article=eligibility.rules.article("stand"),
            )
    return withdraw


def scenario_lineup(
    places: Places, spec: ScenarioSpec, figures: Round1Figures, eligibility: Eligibility
) -> Lineup:
    """The line-up ``spec`` asks for, checked against the law; an illegal one names the key it
    comes from (``stand``/``withdraw`` for who stands, ``merge`` for mergers)."""
    mergers = _mergers(places, spec, figures)
    withdraw = _withdrawn(places, spec, figures, eligibility)
    if spec.stand is not None:
        stand = _heads(places, ("stand",), spec.stand, figures)
        both = [n for n in withdraw if n in stand]
        if both:
            raise places.invalid(
                ("withdraw",), both[0], f"is also in {places.key('stand')}", kind="stand-twice"
            )
        key = "stand"
    elif not spec.asks_lineup and figures.observed is not None:
        # No line-up: a past election's round 2 as it happened (mergers from the table).
        return observed_lineup(figures.observed, eligibility)
    else:
        merged = {p for group in mergers.values() for p in group}
        stand = [n for n in eligibility.stand if n not in withdraw and n not in merged]
        key = "withdraw"
    try:
        return check_lineup(eligibility, lineup_from(stand, mergers))
    except IllegalLineup as exc:
        raise exc.placed(places.where, places.key(key if exc.about_standing else "merge")) from None


def observed_lineup(observed: ObservedRound2, eligibility: Eligibility) -> Lineup:
    """The line-up of the round 2 that happened: its lists, and the mergers the table gives
    that the law allows (a partner not standing, with the merge threshold)."""
    standing = [h for h in observed.standing if h in eligibility.votes]
    mergers = {
        host: [p for p in partners if eligibility.status(p) in (Status.STAND, Status.MERGE)]
        for host, partners in observed.mergers
        if host in standing
    }
    return check_lineup(eligibility, lineup_from(standing, {h: p for h, p in mergers.items() if p}))


def is_observed_lineup(lineup: Lineup, observed: ObservedRound2) -> bool:
    """Whether ``lineup`` is the round 2 that happened: the same lists, the same mergers."""
    known = {h: frozenset(p) for h, p in observed.mergers if p}
    given = {h: frozenset(p) for h, p in lineup.mergers.items() if p}
    return set(lineup.standing) == set(observed.standing) and given == known

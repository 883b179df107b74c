"""Reading a scenario file (TOML): each error names the file, the key and the rule broken.

The format is described in ``docs/scenarios.md``. In short::

    [scenario]
    election = "regionales-2015"    # or 2015
    region = "HDF"                  # code, name or abbreviation

    [lineup]                        # optional: by default every list that may stand, stands
    withdraw = ["DE SAINTIGNON"]    # or stand = [...]; merge = { HOST = [PARTNERS] }

    [turnout]                       # optional: round2 = 0.61 or change = 0.064
    round2 = 0.612

    [transfers."DE SAINTIGNON"]     # optional rows; any row left out comes from the defaults
    BERTRAND = 0.75
    "LE PEN" = "0.08 ± 0.03"
    abstention = 0.12
    blank-null = 0.05
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ballottage.errors import IllegalLineup, InvalidInput, UnknownName
from ballottage.law import (
    Eligibility,
    Lineup,
    check_lineup,
    lineup_from,
    round2_eligibility,
    rule_set,
)
from ballottage.law.votes import absolute_majority
from ballottage.scenarios.defaults import (
    ABSTENTION,
    BLANK_NULL,
    TransferDefaults,
    transfer_defaults,
)
from ballottage.scenarios.figures import ObservedRound2, Round1Figures, folded
from ballottage.scenarios.model import Scenario, build_scenario, checked_row
from ballottage.scenarios.uncertainty import concentration_for_spread

FiguresFor = Callable[[str, str], Round1Figures]
"""Round-1 figures for (election, region) as the file writes them: the store adapter."""

_SECTIONS = {
    "scenario": {"election", "region", "title", "description"},
    "lineup": {"stand", "withdraw", "merge"},
    "turnout": {"round2", "change"},
    "transfers": None,
}
_ROW_KEYS = {"concentration", "spread"}
_PLUS_MINUS = re.compile(r"^\s*([0-9.eE+-]+)\s*(?:±|\+-|\+/-)\s*([0-9.eE+-]+)\s*$")


class _Place:
    """Builds errors that name the file and the key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def invalid(
        self, key: str, value: object, problem: str, *, rule: str | None = None
    ) -> InvalidInput:
        return InvalidInput(f"{self.source}: {key}", value, problem, rule=rule)


def load_scenario(
    path: str | Path, figures_for: FiguresFor, *, defaults: TransferDefaults | None = None
) -> Scenario:
    """Read and check the scenario file at ``path``."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            str(path), None, f"is not UTF-8 text (byte {exc.start}); TOML files must be UTF-8"
        ) from None
    return parse_scenario(text, figures_for, source=str(path), defaults=defaults)


def parse_scenario(
    text: str,
    figures_for: FiguresFor,
    *,
    source: str = "<scenario>",
    defaults: TransferDefaults | None = None,
) -> Scenario:
    """Check a scenario written in TOML and build its full transfer matrix."""
    place = _Place(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise place.invalid("TOML", None, str(exc)) from None
    for key, value in data.items():
        if key not in _SECTIONS:
            raise place.invalid(key, None, f"unknown section ({', '.join(_SECTIONS)})")
        allowed = _SECTIONS[key]
        if not isinstance(value, dict):
            raise place.invalid(key, value, "must be a table (a section)")
        if allowed is not None:
            for inner in value:
                if inner not in allowed:
                    raise place.invalid(
                        f"{key}.{inner}",
                        value[inner],
                        f"unknown key ({', '.join(sorted(allowed))})",
                    )
    head = data.get("scenario", {})
    election, region = head.get("election"), head.get("region")
    if isinstance(election, bool) or not isinstance(election, str | int):
        raise place.invalid(
            "scenario.election", election, "give an election (regionales-2015) or a year"
        )
    if not isinstance(region, str):
        raise place.invalid("scenario.region", region, "give a region (code, name or abbreviation)")
    try:
        figures = figures_for(str(election), region)
    except UnknownName as exc:
        key = "scenario.election" if exc.kind == "election" else "scenario.region"
        raise place.invalid(key, exc.name, str(exc)) from None
    rules = rule_set(figures.rules)
    winner = next(
        (n for n, v in figures.votes().items() if absolute_majority(v, figures.exprimes)), None
    )
    if winner is not None:
        raise place.invalid(
            "scenario.region",
            region,
            f"no round 2: {winner} had the absolute majority in round 1",
            rule=rules.article("round1"),
        )
    eligibility = round2_eligibility(figures.votes(), rules, exprimes=figures.exprimes)
    lineup = _lineup(place, data.get("lineup", {}), figures, eligibility)
    # A past election's real line-up with no row and no turnout of its own starts from what
    # happened: the observed round 2 (its turnout, its results), reproduced by calibration.
    observed = (
        figures.observed
        if figures.observed is not None
        and "transfers" not in data
        and "turnout" not in data
        and is_observed_lineup(lineup, figures.observed)
        else None
    )
    standing = lineup.standing
    destinations = (*standing, ABSTENTION, BLANK_NULL)
    explicit: dict[str, tuple[tuple[float, ...], float]] = {}
    for key, value in data.get("transfers", {}).items():
        source_name, row = _row(place, key, value, figures, destinations)
        if source_name in explicit:
            raise place.invalid(f'transfers."{key}"', source_name, "this row is given twice")
        explicit[source_name] = row
    turnout, origin = _turnout(place, data.get("turnout", {}), figures)
    title = head.get("title")
    if title is not None and not isinstance(title, str):
        raise place.invalid("scenario.title", title, "must be text")
    return build_scenario(
        source=source,
        title=title or f"{figures.region}, {figures.election}: round 2",
        figures=figures,
        rules=rules,
        eligibility=eligibility,
        lineup=lineup,
        explicit=explicit,
        turnout=turnout,
        turnout_origin=origin,
        defaults=defaults or transfer_defaults(),
        observed=observed,
    )


def _names(place: _Place, key: str, value: object, figures: Round1Figures) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise place.invalid(key, value, "must be a list of heads of list")
    return [_list_name(place, key, v, figures) for v in value]


def _list_name(place: _Place, key: str, name: str, figures: Round1Figures) -> str:
    try:
        return figures.find(name).head
    except InvalidInput as exc:
        raise place.invalid(key, name, exc.problem) from None


def _lineup(
    place: _Place, data: Mapping[str, Any], figures: Round1Figures, eligibility: Eligibility
) -> Lineup:
    merge_data = data.get("merge", {})
    if not isinstance(merge_data, dict):
        raise place.invalid("lineup.merge", merge_data, "must be a table HOST = [PARTNERS]")
    mergers: dict[str, list[str]] = {}
    for host, partners in merge_data.items():
        name = _list_name(place, "lineup.merge", host, figures)
        mergers[name] = _names(place, f"lineup.merge.{host}", partners, figures)
    merged = {p for group in mergers.values() for p in group}
    withdraw = _names(place, "lineup.withdraw", data.get("withdraw", []), figures)
    for name in withdraw:
        if eligibility.status(name) != "stand":
            raise place.invalid(
                "lineup.withdraw",
                name,
                "may not stand in round 2 anyway, so it cannot withdraw",
                rule=eligibility.rules.article("stand"),
            )
    if "stand" in data:
        stand = _names(place, "lineup.stand", data["stand"], figures)
        both = [n for n in withdraw if n in stand]
        if both:
            raise place.invalid("lineup.withdraw", both[0], "is also in lineup.stand")
        key = "lineup.stand"
    elif not data and figures.observed is not None:
        # No [lineup]: a past election's round 2 as it happened (mergers from the table).
        return observed_lineup(figures.observed, eligibility)
    else:
        stand = [n for n in eligibility.stand if n not in withdraw and n not in merged]
        key = "lineup.withdraw"
    try:
        return check_lineup(eligibility, lineup_from(stand, mergers))
    except IllegalLineup as exc:
        about_standing = ("cannot stand", "stands twice", "no list stands")
        where = key if any(t in exc.message for t in about_standing) else "lineup.merge"
        raise IllegalLineup(f"{place.source}: {where}: {exc.message}", rule=exc.rule) from None


def observed_lineup(observed: ObservedRound2, eligibility: Eligibility) -> Lineup:
    """The line-up of the round 2 that happened: its lists, and the mergers the table gives
    that the law allows (a partner not standing, with the merge threshold)."""
    standing = [h for h in observed.standing if h in eligibility.votes]
    mergers = {
        host: [p for p in partners if eligibility.status(p) in ("stand", "merge")]
        for host, partners in observed.mergers
        if host in standing
    }
    return check_lineup(eligibility, lineup_from(standing, {h: p for h, p in mergers.items() if p}))


def is_observed_lineup(lineup: Lineup, observed: ObservedRound2) -> bool:
    """Whether ``lineup`` is the round 2 that happened: the same lists, the same mergers."""
    known = {h: frozenset(p) for h, p in observed.mergers if p}
    given = {h: frozenset(p) for h, p in lineup.mergers.items() if p}
    return set(lineup.standing) == set(observed.standing) and given == known


def _share(place: _Place, key: str, value: object) -> tuple[float, float | None]:
    """A cell: a share, ``"share ± spread"`` or ``{share = …, spread = …}``."""
    spread: object = None
    if isinstance(value, dict):
        cell: dict[str, object] = value
        if set(cell) - {"share", "spread"}:
            raise place.invalid(key, cell, "a cell table has only share and spread")
        value, spread = cell.get("share"), cell.get("spread")
    elif isinstance(value, str):
        found = _PLUS_MINUS.match(value)
        if not found:
            raise place.invalid(
                key, value, 'write a share (0.7) or "share ± spread" ("0.7 ± 0.05")'
            )
        value, spread = float(found.group(1)), float(found.group(2))
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise place.invalid(key, value, "a share must be a number between 0 and 1")
    if spread is not None and (isinstance(spread, bool) or not isinstance(spread, int | float)):
        raise place.invalid(key, spread, "a spread must be a number")
    return float(value), None if spread is None else float(spread)


def _row(
    place: _Place,
    key: str,
    value: object,
    figures: Round1Figures,
    destinations: tuple[str, ...],
) -> tuple[str, tuple[tuple[float, ...], float]]:
    where = f'transfers."{key}"'
    if not isinstance(value, dict):
        raise place.invalid(where, value, "must be a table of destination = share")
    special = {
        folded(ABSTENTION): ABSTENTION,
        folded(BLANK_NULL): BLANK_NULL,
        "blancs nuls": BLANK_NULL,
    }
    source = special.get(folded(key)) or _list_name(place, where, key, figures)
    standing = destinations[:-2]
    shares = [0.0] * len(destinations)
    spreads: list[tuple[str, float, float]] = []
    seen: set[int] = set()
    for dest, cell in value.items():
        if dest in _ROW_KEYS:
            continue
        cell_key = f'{where}."{dest}"'
        target = special.get(folded(dest))
        if target is None:
            target = _destination(place, cell_key, dest, figures, standing)
        j = destinations.index(target)
        if j in seen:
            raise place.invalid(cell_key, target, "this destination is given twice in the row")
        seen.add(j)
        share, spread = _share(place, cell_key, cell)
        shares[j] = share
        if spread is not None:
            spreads.append((cell_key, share, spread))
    try:
        row = checked_row(shares, where)
    except InvalidInput as exc:
        raise place.invalid(where, exc.value, exc.problem) from None
    kappa = _concentration(place, where, value, row, spreads)
    return source, (row, kappa)


def _destination(
    place: _Place, key: str, name: str, figures: Round1Figures, standing: tuple[str, ...]
) -> str:
    try:
        return figures.find(name, standing, field="round-2 list").head
    except InvalidInput as exc:
        try:
            other = figures.find(name).head
        except InvalidInput:
            raise place.invalid(key, name, exc.problem) from None
        raise place.invalid(key, name, f"{other} does not stand in round 2") from None


def _concentration(
    place: _Place,
    where: str,
    value: Mapping[str, Any],
    row: tuple[float, ...],
    spreads: list[tuple[str, float, float]],
) -> float:
    given = value.get("concentration")
    row_spread = value.get("spread")
    if given is not None and (spreads or row_spread is not None):
        raise place.invalid(where, given, "give a concentration or spreads, not both")
    if given is not None:
        if isinstance(given, bool) or not isinstance(given, int | float) or not given > 0:
            raise place.invalid(
                f"{where}.concentration", given, "must be a number above 0 (inf: no uncertainty)"
            )
        return float(given)
    if row_spread is not None:
        if isinstance(row_spread, bool) or not isinstance(row_spread, int | float):
            raise place.invalid(f"{where}.spread", row_spread, "must be a number")
        spreads.append((f"{where}.spread", max(row), float(row_spread)))
    if not spreads:
        return math.nan
    kappas = []
    for key, share, spread in spreads:
        try:
            kappas.append(concentration_for_spread(share, spread))
        except InvalidInput as exc:
            raise place.invalid(key, exc.value, exc.problem) from None
    return min(kappas)


def _turnout(
    place: _Place, data: Mapping[str, Any], figures: Round1Figures
) -> tuple[float | None, str]:
    if "round2" in data and "change" in data:
        raise place.invalid("turnout", data, "give round2 or change, not both")
    for key in ("round2", "change"):
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise place.invalid(f"turnout.{key}", value, "must be a number (share of inscrits)")
            wanted = float(value) if key == "round2" else figures.turnout + float(value)
            if not 0.0 < wanted <= 1.0:
                raise place.invalid(
                    f"turnout.{key}", value, f"gives a turnout of {wanted:.4f}, outside (0, 1]"
                )
            return wanted, f"{place.source}: turnout.{key}"
    return None, ""

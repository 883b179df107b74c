"""From a scenario as written (a file, a web request: one :class:`ScenarioSpec`) to a
:class:`~ballottage.scenarios.model.Scenario`: the region's round-1 figures, the law, the names.

The spec is checked once, by Pydantic, when it is read (:mod:`ballottage.scenarios.spec`); what
needs the figures is checked here, and each error names the same place: the file and its key
for a file (``hdf.toml: transfers."PETIT"``), the JSON field for a request.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ballottage.errors import InvalidInput, UnknownName
from ballottage.law import outright_winner, round2_eligibility, rule_set
from ballottage.scenarios.defaults import (
    ABSTENTION,
    BLANK_NULL,
    TransferDefaults,
    transfer_defaults,
)
from ballottage.scenarios.figures import Round1Figures, folded
from ballottage.scenarios.lineup import is_observed_lineup, list_head, scenario_lineup
from ballottage.scenarios.model import ExplicitRow, Scenario, build_scenario
from ballottage.scenarios.places import Places
from ballottage.scenarios.spec import ScenarioSpec, TransferRowSpec
from ballottage.scenarios.toml_file import read_scenario_text, spec_from_toml, toml_key

FiguresFor = Callable[[str, str], Round1Figures]
"""Round-1 figures for (election, region) as the scenario writes them: the store adapter."""

_SPECIAL = {
    folded(ABSTENTION): ABSTENTION,
    folded(BLANK_NULL): BLANK_NULL,
    "blancs nuls": BLANK_NULL,
}
"""Sources and destinations that are not lists (``blancs-nuls`` is read as ``blank-null``)."""


def load_scenario(
    path: str | Path, figures_for: FiguresFor, *, defaults: TransferDefaults | None = None
) -> Scenario:
    """Read and check the scenario file at ``path``."""
    text = read_scenario_text(path)
    return parse_scenario(text, figures_for, source=str(path), defaults=defaults)


def parse_scenario(
    text: str,
    figures_for: FiguresFor,
    *,
    source: str = "<scenario>",
    defaults: TransferDefaults | None = None,
) -> Scenario:
    """Check a scenario written in TOML and build its full transfer matrix."""
    spec = spec_from_toml(text, source)
    return scenario_from_spec(spec, figures_for, places=Places(source, toml_key), defaults=defaults)


def scenario_from_spec(
    spec: ScenarioSpec,
    figures_for: FiguresFor,
    *,
    places: Places | None = None,
    defaults: TransferDefaults | None = None,
) -> Scenario:
    """The scenario ``spec`` asks for, on its region's round-1 figures, checked against the law.

    ``places`` says where the spec came from, for messages (default: a request, JSON keys).
    """
    places = places or Places(None)
    figures = _figures(places, spec, figures_for)
    rules = rule_set(figures.rules)
    winner = outright_winner(figures.votes(), exprimes=figures.exprimes)
    if winner is not None:
        raise places.invalid(
            ("region",),
            spec.region,
            f"no round 2: {winner} had the absolute majority in round 1",
            kind="round1-winner",
            article=rules.article("round1"),
        )
    eligibility = round2_eligibility(figures.votes(), rules, exprimes=figures.exprimes)
    lineup = scenario_lineup(places, spec, figures, eligibility)
    # A past election's real line-up with no row and no turnout of its own starts from what
    # happened: the observed round 2 (its turnout, its results), reproduced by calibration.
    observed = figures.observed
    if observed is not None and (
        spec.asks_turnout_or_rows or not is_observed_lineup(lineup, observed)
    ):
        observed = None
    destinations = (*lineup.standing, ABSTENTION, BLANK_NULL)
    turnout, origin = _turnout(places, spec, figures)
    return build_scenario(
        source=places.where or "scenario",
        title=spec.title or f"{figures.region}, {figures.election}: round 2",
        figures=figures,
        rules=rules,
        eligibility=eligibility,
        lineup=lineup,
        explicit=_explicit_rows(places, spec, figures, destinations),
        turnout=turnout,
        turnout_origin=origin,
        defaults=defaults or transfer_defaults(),
        observed=observed,
    )


def _figures(places: Places, spec: ScenarioSpec, figures_for: FiguresFor) -> Round1Figures:
    try:
        return figures_for(spec.election, spec.region)
    except UnknownName as exc:
        field = "election" if exc.kind == "election" else "region"
        raise places.invalid((field,), exc.name, str(exc), kind=f"unknown-{exc.kind}") from None


def _explicit_rows(
    places: Places, spec: ScenarioSpec, figures: Round1Figures, destinations: tuple[str, ...]
) -> dict[str, ExplicitRow]:
    """The rows the spec writes, by source head, over ``destinations``."""
    explicit: dict[str, ExplicitRow] = {}
    for key, row in spec.transfers.items():
        source = _SPECIAL.get(folded(key)) or list_head(places, ("transfers", key), key, figures)
        if source in explicit:
            raise places.invalid(
                ("transfers", key), source, "this row is given twice", kind="row-twice"
            )
        explicit[source] = _row(places, key, row, figures, destinations)
    return explicit


def _row(
    places: Places,
    key: str,
    row: TransferRowSpec,
    figures: Round1Figures,
    destinations: tuple[str, ...],
) -> ExplicitRow:
    shares = [0.0] * len(destinations)
    seen: set[int] = set()
    for dest, cell in row.cells.items():
        loc = ("transfers", key, "cells", dest)
        target = _SPECIAL.get(folded(dest)) or _destination(
            places, loc, dest, figures, destinations[:-2]
        )
        j = destinations.index(target)
        if j in seen:
            raise places.invalid(
                loc, target, "this destination is given twice in the row", kind="destination-twice"
            )
        seen.add(j)
        shares[j] = cell.share
    return ExplicitRow(tuple(shares), row.concentration_asked())


def _destination(
    places: Places,
    loc: tuple[int | str, ...],
    name: str,
    figures: Round1Figures,
    standing: tuple[str, ...],
) -> str:
    try:
        return figures.find(name, standing, field="round-2 list").head
    except InvalidInput as exc:
        try:
            other = figures.find(name).head
        except InvalidInput:
            raise exc.placed(places.where, places.key_of(loc), name) from None
        raise places.invalid(
            loc, name, f"{other} does not stand in round 2", kind="not-standing"
        ) from None


def _turnout(
    places: Places, spec: ScenarioSpec, figures: Round1Figures
) -> tuple[float | None, str]:
    """The round-2 turnout asked for (None: none), and who asked."""
    if spec.turnout is not None:
        field, wanted = "turnout", spec.turnout
    elif spec.turnout_change is not None:
        field, wanted = "turnout_change", figures.turnout + spec.turnout_change
        if not 0.0 < wanted <= 1.0:
            raise places.invalid(
                (field,),
                spec.turnout_change,
                f"gives a turnout of {wanted:.4f}, outside (0, 1]",
                kind="turnout",
            )
    else:
        return None, ""
    return wanted, ": ".join(p for p in (places.where, places.key(field)) if p)

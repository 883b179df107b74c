"""A round-2 scenario: the line-up, and where every round-1 voter goes (a transfer matrix).

Rows are the round-1 lists, then the round-1 abstainers, then the round-1 blank-null voters;
columns the round-2 lists, then abstention, then blank-null. Each row adds up to 1 and carries
a Dirichlet concentration: the uncertainty of that row (``math.inf``: none).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from ballottage.errors import InvalidInput
from ballottage.law import Eligibility, Lineup, RuleSet
from ballottage.scenarios.defaults import ABSTENTION, BLANK_NULL, TransferDefaults
from ballottage.scenarios.figures import ObservedRound2, Round1Figures
from ballottage.scenarios.spec import ROW_TOLERANCE


@dataclass(frozen=True)
class TransferRow:
    """Where the round-1 voters of ``source`` go: one share per destination of the scenario."""

    source: str
    """A round-1 head, ``abstention`` or ``blank-null``."""
    voters: int
    shares: tuple[float, ...]
    concentration: float
    given: bool
    """Written in the scenario (else a default row)."""
    situation: str | None = None
    """For a default list row, the defaults' case: ``home``, ``merged``, ``represented`` or
    ``orphan`` (``ballottage.scenarios.defaults``)."""
    notes: tuple[str, ...] = ()
    """What changed the row since: the turnout asked for, the calibration to what happened."""

    @property
    def origin(self) -> str:
        """Where the row comes from, then the notes, in words: ``file``, ``default``,
        ``default (home)``, then ``; …`` for each note."""
        if self.given:
            first = "file"
        else:
            first = "default" if self.situation is None else f"default ({self.situation})"
        return "; ".join((first, *self.notes))

    def noted(self, shares: tuple[float, ...], note: str) -> TransferRow:
        """The row with new shares, and the note saying why."""
        return replace(self, shares=shares, notes=(*self.notes, note))


class ExplicitRow(NamedTuple):
    """A row the scenario writes, over its destinations: shares, and its concentration
    (None: the default row's)."""

    shares: tuple[float, ...]
    concentration: float | None


@dataclass(frozen=True)
class TurnoutTarget:
    """The round-2 turnout (votants over inscrits) a scenario asks for, and who asked."""

    round2: float
    origin: str


@dataclass(frozen=True)
class Scenario:
    """One region's round 2 as assumed by a scenario file, checked against the law."""

    source: str
    """The file it came from (for messages)."""
    title: str
    figures: Round1Figures
    rules: RuleSet
    eligibility: Eligibility
    lineup: Lineup
    destinations: tuple[str, ...]
    """The standing lists (heads), then ``abstention``, then ``blank-null``."""
    rows: tuple[TransferRow, ...]
    turnout: TurnoutTarget | None
    """``None`` when the file wrote the abstainers' row out and asked for no turnout."""
    observed: bool = False
    """True for a past election's opening view: the rows reproduce the round 2 that happened."""

    @property
    def standing(self) -> tuple[str, ...]:
        """The round-2 lists."""
        return self.lineup.standing

    def row(self, source: str) -> TransferRow:
        """The row of one source."""
        for row in self.rows:
            if row.source == source:
                return row
        raise InvalidInput("source", source, "not a row of this scenario", kind="unknown-row")

    def expected(self) -> dict[str, float]:
        """Expected round-2 figures per destination: sum of voters times shares."""
        return {
            d: math.fsum(r.voters * r.shares[j] for r in self.rows)
            for j, d in enumerate(self.destinations)
        }


def _list_rows(
    figures: Round1Figures,
    lineup: Lineup,
    explicit: Mapping[str, ExplicitRow],
    defaults: TransferDefaults,
) -> list[TransferRow]:
    """One row per round-1 list: written in the scenario, else the default for its situation."""
    standing = lineup.standing
    host = {p: h for h, partners in lineup.mergers.items() for p in partners}
    families = [(h, figures.named(h).family) for h in standing]
    rows: list[TransferRow] = []
    for item in figures.lists:
        home = item.head if item.head in standing else host.get(item.head)
        made = defaults.list_row(
            item.family, item.nuance, home=home, merged=item.head in host, standing=families
        )
        given = explicit.get(item.head)
        if given is not None:
            kappa = made.concentration if given.concentration is None else given.concentration
            rows.append(TransferRow(item.head, item.votes, given.shares, kappa, True))
        else:
            rows.append(
                TransferRow(
                    item.head,
                    item.votes,
                    made.shares,
                    made.concentration,
                    False,
                    made.situation,
                )
            )
    return rows


def _blank_null_row(
    figures: Round1Figures,
    explicit: Mapping[str, ExplicitRow],
    defaults: TransferDefaults,
    split: tuple[float, ...],
) -> TransferRow:
    """Round-1 blank-null voters: as written, else some vote blank again, some stay home, the
    rest split like the round-1 list voters."""
    kappa = defaults.concentration[BLANK_NULL]
    given = explicit.get(BLANK_NULL)
    if given is not None:
        kappa = kappa if given.concentration is None else given.concentration
        return TransferRow(BLANK_NULL, figures.blank_null, given.shares, kappa, True)
    again, stay_home = defaults.blank_null_row
    rest = 1.0 - again - stay_home
    shares = tuple(rest * s for s in split)
    shares = (*shares[:-1], stay_home, again + shares[-1])
    return TransferRow(BLANK_NULL, figures.blank_null, shares, kappa, False)


def _abstainers_row(
    figures: Round1Figures,
    explicit: Mapping[str, ExplicitRow],
    defaults: TransferDefaults,
    split: tuple[float, ...],
) -> TransferRow:
    """Round-1 abstainers: as written, else those who vote split like the round-1 voters."""
    kappa = defaults.concentration[ABSTENTION]
    given = explicit.get(ABSTENTION)
    if given is not None:
        kappa = kappa if given.concentration is None else given.concentration
        return TransferRow(ABSTENTION, figures.abstentions, given.shares, kappa, True)
    shares = (*split[:-1], 0.0, split[-1])
    return TransferRow(ABSTENTION, figures.abstentions, shares, kappa, False)


def build_scenario(
    *,
    source: str,
    title: str,
    figures: Round1Figures,
    rules: RuleSet,
    eligibility: Eligibility,
    lineup: Lineup,
    explicit: Mapping[str, ExplicitRow],
    turnout: float | None,
    turnout_origin: str,
    defaults: TransferDefaults,
    observed: ObservedRound2 | None = None,
) -> Scenario:
    """The full matrix: explicit rows as given, default rows for the rest, turnout applied.

    Without an explicit abstainers' row and without ``turnout``, the round-1 turnout is kept.
    With ``observed``, the rows are calibrated to the round 2 that happened.
    """
    lists = len(lineup.standing)
    rows = _list_rows(figures, lineup, explicit, defaults)
    split = _voters_split(rows, lists)
    rows.append(_blank_null_row(figures, explicit, defaults, split))
    rows.append(_abstainers_row(figures, explicit, defaults, split))
    if ABSTENTION not in explicit and turnout is None:
        turnout, turnout_origin = figures.turnout, "default: the round-1 turnout"
    target = None
    if turnout is not None:
        target = TurnoutTarget(turnout, turnout_origin)
        rows = _with_turnout(rows, figures, turnout, turnout_origin, lists)
    by_source = {r.source: r for r in rows}
    ordered = [by_source[i.head] for i in figures.lists]
    ordered += [by_source[ABSTENTION], by_source[BLANK_NULL]]
    destinations = (*lineup.standing, ABSTENTION, BLANK_NULL)
    scenario = Scenario(
        source, title, figures, rules, eligibility, lineup, destinations, tuple(ordered), target
    )
    return scenario if observed is None else calibrated(scenario, observed)


CALIBRATION_TOLERANCE = 1e-6
"""Largest gap (in voters) left between an observed round-2 total and its expectation."""
_CALIBRATION_ROUNDS = 20_000


def observed_targets(
    scenario: Scenario, observed: ObservedRound2
) -> tuple[tuple[tuple[int, ...], float], ...]:
    """What the round 2 that happened gives, on the round-1 electorate, as (destinations,
    total) pairs: each list's votes as observed; with the round-2 votants, the blank-null
    ballots as observed and abstention the rest of the round-1 inscrits (round-2 inscrits
    differ by a few hundred, all counted there); without them, abstention and blank-null
    together take the rest."""
    votes = dict(observed.votes)
    n = len(scenario.standing)
    lists = tuple(((j,), float(votes[h])) for j, h in enumerate(scenario.standing))
    rest = scenario.figures.inscrits - sum(votes[h] for h in scenario.standing)
    if observed.votants is None or observed.blank_null is None:
        return (*lists, ((n, n + 1), float(rest)))
    abstention = scenario.figures.inscrits - observed.votants
    if abstention < 0:
        raise InvalidInput(
            f"{scenario.figures.region}, round 2",
            observed.votants,
            f"more votants than the {scenario.figures.inscrits} round-1 inscrits",
        )
    return (*lists, ((n,), float(abstention)), ((n + 1,), float(observed.blank_null)))


def _fitted_counts(
    rows: Sequence[TransferRow], targets: tuple[tuple[tuple[int, ...], float], ...], region: str
) -> list[list[float]]:
    """Voters per cell after iterative proportional fitting of ``rows`` to ``targets``."""
    counts = [[r.voters * s for s in r.shares] for r in rows]

    def total(columns: tuple[int, ...]) -> float:
        return math.fsum(row[j] for row in counts for j in columns)

    gap = math.inf
    for _ in range(_CALIBRATION_ROUNDS):
        for columns, target in targets:
            column = total(columns)
            if column > 0:
                factor = target / column
                for row in counts:
                    for j in columns:
                        row[j] *= factor
        for row, source in zip(counts, rows, strict=True):
            whole = math.fsum(row)
            if whole > 0:
                row[:] = [c * source.voters / whole for c in row]
        gap = max(abs(total(columns) - target) for columns, target in targets)
        if gap <= CALIBRATION_TOLERANCE:
            return counts
    raise InvalidInput(
        f"{region}, round 2",
        None,
        "the default rows cannot reproduce the round 2 that happened "
        f"(a total is still {gap:.3g} voters off)",
        kind="calibration",
    )


def calibrated(scenario: Scenario, observed: ObservedRound2) -> Scenario:
    """The scenario's rows rescaled so that the expected round 2 is the one that happened.

    Iterative proportional fitting (RAS): starting from the default rows (each round-1
    electorate's split, the abstainers' row set for the round-1 turnout), the cells are
    scaled column by column to the observed totals (every list's votes; the blank-null
    ballots and abstention when the round-2 votants are known, else both together), then
    row by row back to each round-1 electorate, until every observed total is met within
    1e-6 voters. It keeps the defaults' pattern (a cell at 0 stays at 0) and moves them as
    little as it can (in the sense of relative entropy). A past election's opening view
    therefore reproduces its published regional totals, so its seats.
    """
    targets = observed_targets(scenario, observed)
    counts = _fitted_counts(scenario.rows, targets, scenario.figures.region)
    note = "calibrated to the round 2 that happened"
    rows = tuple(
        replace(
            r,
            shares=tuple(c / r.voters for c in row) if r.voters else r.shares,
            notes=(note,),
        )
        for r, row in zip(scenario.rows, counts, strict=True)
    )
    turnout = (
        TurnoutTarget(
            observed.votants / scenario.figures.inscrits,
            f"observed: {observed.votants} votants in round 2",
        )
        if observed.votants is not None
        else None
    )
    return replace(scenario, rows=rows, turnout=turnout, observed=True)


def _voters_split(rows: Sequence[TransferRow], lists: int) -> tuple[float, ...]:
    """How the round-1 list voters who vote again split over the lists and blank-null."""
    totals = [math.fsum(r.voters * r.shares[j] for r in rows) for j in range(lists)]
    totals.append(math.fsum(r.voters * r.shares[lists + 1] for r in rows))
    whole = math.fsum(totals)
    if whole <= 0:
        return tuple([1.0 / (lists + 1)] * (lists + 1))
    return tuple(t / whole for t in totals)


def _with_turnout(
    rows: list[TransferRow], figures: Round1Figures, turnout: float, origin: str, lists: int
) -> list[TransferRow]:
    """Rows changed so that the expected round-2 turnout is ``turnout`` (votants/inscrits).

    Turnout up: the share of round-1 abstainers who vote is solved, their split kept. Turnout
    down: no abstainer votes, and every other row's abstention share rises by one common factor.
    """
    wanted = turnout * figures.inscrits
    others = [r for r in rows if r.source != ABSTENTION]
    (abstainers,) = [r for r in rows if r.source == ABSTENTION]
    voting = math.fsum(r.voters * (1.0 - r.shares[lists]) for r in others)
    pool = abstainers.voters
    need = wanted - voting
    if need > pool * (1 + ROW_TOLERANCE):
        raise InvalidInput(
            f"{origin} turnout",
            turnout,
            f"out of reach: even if all {pool} round-1 abstainers voted, turnout would be "
            f"{(voting + pool) / figures.inscrits:.4f}",
            kind="turnout-out-of-reach",
        )
    if need >= 0:
        mobilised = min(need / pool, 1.0) if pool else 0.0
        return [*others, _mobilised(abstainers, mobilised, origin, lists)]
    drop = 1.0 - wanted / voting
    note = f"abstention raised for the turnout ({origin})"
    result = [
        r.noted(
            tuple(
                s + (1.0 - s) * drop if j == lists else s * (1.0 - drop)
                for j, s in enumerate(r.shares)
            ),
            note,
        )
        for r in others
    ]
    shares = tuple(1.0 if j == lists else 0.0 for j in range(len(abstainers.shares)))
    return [*result, abstainers.noted(shares, f"nobody votes ({origin})")]


def _mobilised(abstainers: TransferRow, mobilised: float, origin: str, lists: int) -> TransferRow:
    """The abstainers' row where ``mobilised`` of them vote, split as the row says."""
    active = 1.0 - abstainers.shares[lists]
    if mobilised > 0 and active <= 0:
        raise InvalidInput(
            "transfers.abstention",
            0,
            "no round-1 abstainer votes, but the turnout asks some to",
            kind="turnout-out-of-reach",
        )
    scale = mobilised / active if active > 0 else 0.0
    shares = tuple(
        (1.0 - mobilised) if j == lists else s * scale for j, s in enumerate(abstainers.shares)
    )
    return abstainers.noted(shares, f"{mobilised:.4f} of them vote ({origin})")

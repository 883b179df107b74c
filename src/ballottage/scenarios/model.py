"""A round-2 scenario: the line-up, and where every round-1 voter goes (a transfer matrix).

Rows are the round-1 lists, then the round-1 abstainers, then the round-1 blank-null voters;
columns the round-2 lists, then abstention, then blank-null. Each row adds up to 1 and carries
a Dirichlet concentration: the uncertainty of that row (``math.inf``: none).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ballottage.errors import InvalidInput
from ballottage.law import Eligibility, Lineup, RuleSet
from ballottage.scenarios.defaults import ABSTENTION, BLANK_NULL, TransferDefaults
from ballottage.scenarios.figures import ObservedRound2, Round1Figures

ROW_TOLERANCE = 1e-9
"""How far from 1 a row may add up (floating-point writing of shares)."""


@dataclass(frozen=True)
class TransferRow:
    """Where the round-1 voters of ``source`` go: one share per destination of the scenario."""

    source: str
    """A round-1 head, ``abstention`` or ``blank-null``."""
    voters: int
    shares: tuple[float, ...]
    concentration: float
    origin: str
    """``file`` or ``default (home|merged|represented|orphan)``, plus a turnout note."""


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
        raise InvalidInput("source", source, "not a row of this scenario")

    def expected(self) -> dict[str, float]:
        """Expected round-2 figures per destination: sum of voters times shares."""
        return {
            d: math.fsum(r.voters * r.shares[j] for r in self.rows)
            for j, d in enumerate(self.destinations)
        }


def checked_row(shares: Sequence[float], where: str) -> tuple[float, ...]:
    """``shares`` if each is in [0, 1] and they add up to 1 (within 1e-9), else an error."""
    for value in shares:
        if not 0.0 <= value <= 1.0:
            raise InvalidInput(where, value, "a share must be between 0 and 1")
    total = math.fsum(shares)
    if abs(total - 1.0) > ROW_TOLERANCE:
        raise InvalidInput(
            where, round(total, 12), f"the row adds up to {total:.12g}, not 1 (tolerance 1e-9)"
        )
    return tuple(float(s) for s in shares)


def build_scenario(
    *,
    source: str,
    title: str,
    figures: Round1Figures,
    rules: RuleSet,
    eligibility: Eligibility,
    lineup: Lineup,
    explicit: Mapping[str, tuple[tuple[float, ...], float]],
    turnout: float | None,
    turnout_origin: str,
    defaults: TransferDefaults,
    observed: ObservedRound2 | None = None,
) -> Scenario:
    """The full matrix: explicit rows as given, default rows for the rest, turnout applied.

    ``explicit`` maps a source to (shares over the destinations, concentration); a NaN
    concentration takes the default row's. Without an
    explicit abstainers' row and without ``turnout``, the round-1 turnout is kept.
    """
    standing = lineup.standing
    destinations = (*standing, ABSTENTION, BLANK_NULL)
    host = {p: h for h, partners in lineup.mergers.items() for p in partners}
    families = [(h, figures.named(h).family) for h in standing]
    rows: list[TransferRow] = []
    for item in figures.lists:
        home = item.head if item.head in standing else host.get(item.head)
        made = defaults.list_row(
            item.family, item.nuance, home=home, merged=item.head in host, standing=families
        )
        if item.head in explicit:
            shares, kappa = explicit[item.head]
            kappa = made.concentration if math.isnan(kappa) else kappa
            rows.append(TransferRow(item.head, item.votes, shares, kappa, "file"))
            continue
        rows.append(
            TransferRow(
                item.head,
                item.votes,
                made.shares,
                made.concentration,
                f"default ({made.situation})",
            )
        )
    split = _voters_split(rows, len(standing))
    if BLANK_NULL in explicit:
        shares, kappa = explicit[BLANK_NULL]
        kappa = defaults.concentration[BLANK_NULL] if math.isnan(kappa) else kappa
        rows.append(TransferRow(BLANK_NULL, figures.blank_null, shares, kappa, "file"))
    else:
        again, stay_home = defaults.blank_null_row
        rest = 1.0 - again - stay_home
        shares = tuple(rest * s for s in split)
        shares = (*shares[:-1], stay_home, again + shares[-1])
        rows.append(
            TransferRow(
                BLANK_NULL,
                figures.blank_null,
                shares,
                defaults.concentration[BLANK_NULL],
                "default",
            )
        )
    if ABSTENTION in explicit:
        shares, kappa = explicit[ABSTENTION]
        kappa = defaults.concentration[ABSTENTION] if math.isnan(kappa) else kappa
        abstainers = TransferRow(ABSTENTION, figures.abstentions, shares, kappa, "file")
    else:
        shares = (*split[:-1], 0.0, split[-1])
        abstainers = TransferRow(
            ABSTENTION, figures.abstentions, shares, defaults.concentration[ABSTENTION], "default"
        )
        if turnout is None:
            turnout, turnout_origin = figures.turnout, "default: the round-1 turnout"
    rows.append(abstainers)
    target = None
    if turnout is not None:
        target = TurnoutTarget(turnout, turnout_origin)
        rows = _with_turnout(rows, figures, turnout, turnout_origin, len(standing))
    by_source = {r.source: r for r in rows}
    ordered = [by_source[i.head] for i in figures.lists]
    ordered += [by_source[ABSTENTION], by_source[BLANK_NULL]]
    if observed is not None:
        return calibrated(
            Scenario(
                source,
                title,
                figures,
                rules,
                eligibility,
                lineup,
                destinations,
                tuple(ordered),
                target,
            ),
            observed,
        )
    return Scenario(
        source, title, figures, rules, eligibility, lineup, destinations, tuple(ordered), target
    )


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
    counts = [[r.voters * s for s in r.shares] for r in scenario.rows]

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
        for row, source in zip(counts, scenario.rows, strict=True):
            whole = math.fsum(row)
            if whole > 0:
                row[:] = [c * source.voters / whole for c in row]
        gap = max(abs(total(columns) - target) for columns, target in targets)
        if gap <= CALIBRATION_TOLERANCE:
            break
    else:
        raise InvalidInput(
            f"{scenario.figures.region}, round 2",
            None,
            "the default rows cannot reproduce the round 2 that happened "
            f"(a total is still {gap:.3g} voters off)",
        )
    note = "calibrated to the round 2 that happened"
    rows = tuple(
        TransferRow(
            r.source,
            r.voters,
            tuple(c / r.voters for c in row) if r.voters else r.shares,
            r.concentration,
            f"{r.origin.split(';')[0]}; {note}",
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
    where = f"{origin} turnout"
    wanted = turnout * figures.inscrits
    others = [r for r in rows if r.source != ABSTENTION]
    (abstainers,) = [r for r in rows if r.source == ABSTENTION]
    voting = math.fsum(r.voters * (1.0 - r.shares[lists]) for r in others)
    pool = abstainers.voters
    need = wanted - voting
    active = 1.0 - abstainers.shares[lists]
    if need > pool * (1 + ROW_TOLERANCE):
        raise InvalidInput(
            where,
            turnout,
            f"out of reach: even if all {pool} round-1 abstainers voted, turnout would be "
            f"{(voting + pool) / figures.inscrits:.4f}",
        )
    if need >= 0:
        mobilised = min(need / pool, 1.0) if pool else 0.0
        if mobilised > 0 and active <= 0:
            raise InvalidInput(
                "transfers.abstention",
                0,
                "no round-1 abstainer votes, but the turnout asks some to",
            )
        scale = mobilised / active if active > 0 else 0.0
        shares = tuple(
            (1.0 - mobilised) if j == lists else s * scale for j, s in enumerate(abstainers.shares)
        )
        note = f"{abstainers.origin}; {mobilised:.4f} of them vote ({origin})"
        changed = TransferRow(ABSTENTION, pool, shares, abstainers.concentration, note)
        return [*others, changed]
    drop = 1.0 - wanted / voting
    result = []
    for r in others:
        shares = tuple(
            s + (1.0 - s) * drop if j == lists else s * (1.0 - drop) for j, s in enumerate(r.shares)
        )
        result.append(
            TransferRow(
                r.source,
                r.voters,
                shares,
                r.concentration,
                f"{r.origin}; abstention raised for the turnout ({origin})",
            )
        )
    shares = tuple(1.0 if j == lists else 0.0 for j in range(len(abstainers.shares)))
    result.append(
        TransferRow(
            ABSTENTION,
            pool,
            shares,
            abstainers.concentration,
            f"{abstainers.origin}; nobody votes ({origin})",
        )
    )
    return result

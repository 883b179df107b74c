"""Monte Carlo of a round 2: draw the transfers, count the votes, give the seats exactly.

Each draw takes, for every source category ``r`` with ``N`` voters, a transfer row from its
Dirichlet (:class:`~ballottage.simulation.transfers.TransferModel`), then the round-2 votes of
those voters; the lists' votes go to :func:`~ballottage.simulation.batch.allocate_batch`, the
law exactly. How the voters' individual choices are drawn (``voter_draw``):

* ``"moments"`` (default, fast): the counts are ``N * P`` with ``P`` drawn from the Dirichlet
  of concentration ``alpha * (N - 1) / (N + sum(alpha))``. This has exactly the mean and the
  covariance of drawing ``P`` from ``alpha`` and then a multinomial of ``N`` voters (the
  Dirichlet-multinomial); only the higher moments differ, and the counts are continuous, so
  each list's total is rounded to the nearest whole vote. A source of one voter is counted as
  its drawn transfer row (no multinomial noise).
* ``"multinomial"``: exact, two to three times slower: ``P`` from ``alpha``, then a multinomial.
* ``"none"``: ``N * P`` with ``P`` from ``alpha``: the uncertainty of the transfers only.

Exprimés are the lists' votes (blank and null are destinations outside the lists). A draw
where the law would need the candidates' ages (equal leading votes, equal lists for the last
seat) is settled by lot: the lists are put in a random order and the first of the tied lists
wins; ``undecidable_share`` says how often that happened.

Draws are reproducible: the same model, seed and options give the same summary, whatever the
``chunk`` (each source, the turnout and the lots have their own random stream).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from ballottage.errors import InvalidInput
from ballottage.law.rules import RuleSet
from ballottage.simulation.batch import DEFAULT_CHUNK, allocate_batch
from ballottage.simulation.transfers import FloatArray, TransferModel, Turnout

VoterDraw = Literal["moments", "multinomial", "none"]
ProgressHook = Callable[[int, int], None]
"""Called as ``on_progress(done, total)`` after each chunk of draws."""


@dataclass(frozen=True)
class ListOutlook:
    """One round-2 list over all draws: chances of leading and of a majority, seat quantiles.

    ``q05``, ``q50``, ``q95``: the smallest seat count ``s`` such that at least 5 %, 50 %,
    95 % of the draws give the list ``s`` seats or fewer. ``histogram[s]``: draws with ``s``
    seats.
    """

    name: str
    p_first: float
    """Share of draws where the list leads and takes the bonus."""
    p_majority: float
    """Share of draws where it has the absolute majority of seats (2 × seats > council)."""
    mean: float
    q05: int
    q50: int
    q95: int
    histogram: tuple[int, ...]


@dataclass(frozen=True)
class SimulationSummary:
    """What ``draws`` simulated round 2s say, list by list."""

    rules: str
    seats: int
    draws: int
    seed: int
    voter_draw: str
    lists: tuple[ListOutlook, ...]
    undecidable_share: float
    """Share of draws whose tie the law settles by age; settled here by lot."""

    def outlook(self, name: str) -> ListOutlook:
        """The figures of the list called ``name``."""
        for item in self.lists:
            if item.name == name:
                return item
        raise InvalidInput("list", name, f"is not one of {[i.name for i in self.lists]}")


@dataclass(frozen=True)
class Projection:
    """The expected round 2 in whole votes: pass ``votes`` to ``allocate_council``."""

    votes: Mapping[str, int]
    """Round-2 lists' votes."""
    others: Mapping[str, int]
    """Abstention, blank/null...: the destinations that are not lists."""

    @property
    def exprimes(self) -> int:
        """The lists' votes together."""
        return sum(self.votes.values())


def project(model: TransferModel, *, turnout: Turnout | None = None) -> Projection:
    """Expected round-2 votes: electorate times the mean transfers, in whole votes.

    Computed exactly (the floats of the model are taken at their exact binary value; a turnout
    change at its median ``factor``), then rounded by largest remainder: every destination gets
    the whole part of its expected votes, and the votes left over (so that the total is the
    whole electorate) go one each to the largest fractional parts, the leftmost destination
    first on equal parts.

    >>> from ballottage.simulation.transfers import TransferModel
    >>> model = TransferModel.from_concentration(
    ...     sources=("X", "Y"), electorate=[10, 5], lists=("A", "B"), others=("abst",),
    ...     concentration=[[1.0, 1.0, 1.0], [0.0, 2.0, 1.0]])
    >>> p = project(model)
    >>> dict(p.votes), dict(p.others)
    ({'A': 3, 'B': 7}, {'abst': 5})
    """
    columns = len(model.destinations)
    expected = [Fraction(0)] * columns
    for voters, row in zip(model.electorate.tolist(), model.concentration.tolist(), strict=True):
        weights = [Fraction(a) for a in row]
        shares = [w / sum(weights) for w in weights]
        if turnout is not None:
            shares = _turnout_exact(shares, model.abstention_column(), Fraction(turnout.factor))
        expected = [e + voters * s for e, s in zip(expected, shares, strict=True)]
    whole = [e.numerator // e.denominator for e in expected]
    left = int(model.electorate.sum()) - sum(whole)
    order = sorted(range(columns), key=lambda c: (-(expected[c] - whole[c]), c))
    for c in order[:left]:
        whole[c] += 1
    named = dict(zip(model.destinations, whole, strict=True))
    return Projection(
        MappingProxyType({n: named[n] for n in model.lists}),
        MappingProxyType({n: named[n] for n in model.others}),
    )


def _turnout_exact(shares: list[Fraction], abstention: int, factor: Fraction) -> list[Fraction]:
    voting = 1 - shares[abstention]
    scale = min(factor, 1 / voting) if voting else Fraction(0)
    out = [s * scale for s in shares]
    out[abstention] = 1 - voting * scale
    return out


@dataclass(frozen=True, eq=False)
class DrawBatch:
    """A chunk of simulated round 2s: ``votes`` and ``seats`` are ``[draws, lists]``.

    ``undecidable[d]`` says that draw ``d`` needed the candidates' ages; its tie was settled by
    lot, so ``seats`` and ``leader`` are a possible outcome of the law.
    """

    votes: NDArray[np.int64]
    seats: NDArray[np.int32]
    leader: NDArray[np.int32]
    undecidable: NDArray[np.bool_]


def simulate_draws(
    model: TransferModel,
    rules: RuleSet,
    *,
    seats: int | None = None,
    draws: int = 100_000,
    seed: int = 0,
    turnout: Turnout | None = None,
    voter_draw: VoterDraw = "moments",
    chunk: int = DEFAULT_CHUNK,
) -> Iterator[DrawBatch]:
    """The simulated round 2s themselves, ``chunk`` draws at a time (see :func:`simulate`)."""
    total = rules.council_size(seats)
    _check_options(draws, seed, voter_draw, chunk)
    abstention = model.abstention_column() if turnout is not None else -1
    if not any(project(model, turnout=turnout).votes.values()):
        raise InvalidInput("electorate", model.electorate.tolist(), "no voter for any list")
    sources = len(model.sources)
    seeds = np.random.SeedSequence(seed).spawn(2 * sources + 2)
    streams = [np.random.default_rng(s) for s in seeds]
    draw_rows, vote_rows = streams[:sources], streams[sources : 2 * sources]
    turnout_rng, lots = streams[-2], streams[-1]
    alpha = _draw_concentration(model, voter_draw)
    for start in range(0, draws, chunk):
        n = min(chunk, draws - start)
        factor = None
        if turnout is not None:
            factor = turnout.factor * np.exp(turnout_rng.standard_normal(n) * turnout.spread)
        votes = _draw_votes(model, alpha, voter_draw, n, draw_rows, vote_rows, factor, abstention)
        result = allocate_batch(votes, rules, seats=total)
        tied = np.flatnonzero(result.undecidable)
        if tied.size:
            result.seats[tied], result.leader[tied] = _by_lot(votes[tied], rules, total, lots)
        yield DrawBatch(votes, result.seats, result.leader, result.undecidable)


def simulate(
    model: TransferModel,
    rules: RuleSet,
    *,
    seats: int | None = None,
    draws: int = 100_000,
    seed: int = 0,
    turnout: Turnout | None = None,
    voter_draw: VoterDraw = "moments",
    chunk: int = DEFAULT_CHUNK,
    on_progress: ProgressHook | None = None,
) -> SimulationSummary:
    """Simulate ``draws`` round 2s of ``model`` and summarise each list's seats.

    See the module docstring for how votes are drawn, ties settled and seeds used.

    >>> from ballottage.law.rules import rule_set
    >>> model = TransferModel.from_shares(
    ...     sources=("A", "B", "abstention"), electorate=(40_000, 30_000, 30_000),
    ...     lists=("A", "B"), others=("abstention",),
    ...     shares=[[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]], strength=50)
    >>> summary = simulate(model, rule_set("municipales"), seats=33, draws=10_000, seed=1)
    >>> a = summary.outlook("A")
    >>> 0.9 < a.p_first < 1, a.q05 <= a.q50 <= a.q95
    (True, True)
    """
    total = rules.council_size(seats)
    batches = simulate_draws(
        model,
        rules,
        seats=total,
        draws=draws,
        seed=seed,
        turnout=turnout,
        voter_draw=voter_draw,
        chunk=chunk,
    )
    outlooks, undecidable = _tally(batches, model.lists, total, draws, on_progress)
    return SimulationSummary(
        rules=rules.name,
        seats=total,
        draws=draws,
        seed=seed,
        voter_draw=voter_draw,
        lists=outlooks,
        undecidable_share=undecidable / draws,
    )


def _tally(
    batches: Iterable[DrawBatch],
    names: Sequence[str],
    total: int,
    draws: int,
    on_progress: ProgressHook | None,
) -> tuple[tuple[ListOutlook, ...], int]:
    """Count, over every draw, how often each list won each number of seats, came first and
    won a majority (its outlook), and how many draws were undecidable."""
    lists = len(names)
    histogram = np.zeros((lists, total + 1), dtype=np.int64)
    first = np.zeros(lists, dtype=np.int64)
    majority = np.zeros(lists, dtype=np.int64)
    undecidable = done = 0
    for batch in batches:
        for j in range(lists):
            histogram[j] += np.bincount(batch.seats[:, j], minlength=total + 1)
        first += np.bincount(batch.leader, minlength=lists)
        majority += (2 * batch.seats > total).sum(axis=0)
        undecidable += int(batch.undecidable.sum())
        done += len(batch.votes)
        if on_progress is not None:
            on_progress(done, draws)
    outlooks = tuple(
        _outlook(name, histogram[j], int(first[j]), int(majority[j]), draws)
        for j, name in enumerate(names)
    )
    return outlooks, undecidable


def _check_options(draws: int, seed: int, voter_draw: str, chunk: int) -> None:
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise InvalidInput("draws", draws, "must be a whole number of at least 1")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidInput("seed", seed, "must be a whole number of at least 0")
    if voter_draw not in ("moments", "multinomial", "none"):
        raise InvalidInput("voter_draw", voter_draw, "must be moments, multinomial or none")
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise InvalidInput("chunk", chunk, "must be a whole number of at least 1")


def _draw_concentration(
    model: TransferModel, voter_draw: VoterDraw
) -> tuple[FloatArray | None, ...]:
    """The Dirichlet each source is drawn from (shrunk to carry the voters' noise, if asked).

    ``None`` for a fixed source with nothing to draw: every draw takes its mean row. Under
    ``"moments"`` a fixed source of ``N ≥ 2`` voters keeps its voters' noise, the limit of the
    shrunk Dirichlet for an infinite concentration: ``mean × (N - 1)``.
    """
    alpha = model.concentration
    voters = model.electorate.astype(np.float64)
    fixed = model.fixed_rows()
    if voter_draw == "moments":
        shrink = np.where(voters >= 2, (voters - 1) / (voters + alpha.sum(axis=1)), 1.0)
        alpha = alpha * shrink[:, None]
        noise = model.mean_shares() * (voters - 1)[:, None]
        fixed_noise = [noise[r] if voters[r] >= 2 else None for r in range(len(voters))]
    else:
        fixed_noise = [None] * len(voters)
    return tuple(fixed_noise[r] if fixed[r] else alpha[r] for r in range(len(voters)))


def _draw_votes(
    model: TransferModel,
    alpha: tuple[FloatArray | None, ...],
    voter_draw: VoterDraw,
    n: int,
    draw_rows: list[np.random.Generator],
    vote_rows: list[np.random.Generator],
    factor: FloatArray | None,
    abstention: int,
) -> NDArray[np.int64]:
    """Round-2 votes of the lists, ``[n, lists]``, for ``n`` draws."""
    lists = len(model.lists)
    counts = np.zeros((n, lists), dtype=np.float64)
    for r, voters in enumerate(model.electorate.tolist()):
        if voters == 0:
            continue
        row = alpha[r]
        if row is None:
            shares = np.tile(model.mean_shares()[r], (n, 1))
        else:
            shares = draw_rows[r].dirichlet(row, size=n)
        if factor is not None:
            voting = 1.0 - shares[:, abstention]
            ceiling = np.divide(1.0, voting, out=np.full(n, np.inf), where=voting > 0)
            scale = np.minimum(factor, ceiling)
            shares *= scale[:, None]
            shares[:, abstention] = np.clip(1.0 - voting * scale, 0.0, 1.0)
        if voter_draw == "multinomial":
            counts += vote_rows[r].multinomial(voters, shares)[:, :lists]
        else:
            counts += voters * shares[:, :lists]
    return np.rint(counts).astype(np.int64)


def _by_lot(
    votes: NDArray[np.int64], rules: RuleSet, total: int, lots: np.random.Generator
) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """Seats and leader of tied draws, the lists shuffled so the tie goes to a random one."""
    order = np.argsort(lots.random(votes.shape), axis=1)
    shuffled = allocate_batch(np.take_along_axis(votes, order, axis=1), rules, seats=total)
    seats = np.empty_like(shuffled.seats)
    np.put_along_axis(seats, order, shuffled.seats, axis=1)
    rows = np.arange(votes.shape[0])
    return seats, order[rows, shuffled.leader].astype(np.int32)


def _outlook(
    name: str, histogram: NDArray[np.int64], first: int, majority: int, draws: int
) -> ListOutlook:
    cumulative = np.cumsum(histogram)

    def quantile(percent: int) -> int:
        return int(np.argmax(cumulative * 100 >= percent * draws))

    mean = float(np.dot(np.arange(histogram.size), histogram)) / draws
    return ListOutlook(
        name=name,
        p_first=first / draws,
        p_majority=majority / draws,
        mean=mean,
        q05=quantile(5),
        q50=quantile(50),
        q95=quantile(95),
        histogram=tuple(int(h) for h in histogram),
    )


__all__ = [
    "DrawBatch",
    "ListOutlook",
    "Projection",
    "SimulationSummary",
    "project",
    "simulate",
    "simulate_draws",
]

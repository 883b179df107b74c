"""The council's seats for many vote draws at once: the law of ``allocate_council``, vectorised.

Each row of ``votes`` is one draw (one possible round 2); each column one list. A row gets
exactly the seats :func:`ballottage.law.allocate_council` would give it: the bonus to the list
with the most votes (art. L338, L366, L262), the other seats by highest averages (D'Hondt) among
the lists with at least the seat threshold of exprimés, a tie for the last seat going to the
list with more votes. All arithmetic is on ``int64`` integers, never floats.

A tie the law settles by the candidates' ages (two lists leading with equal votes; two lists
with equal votes and equal averages for the last seat) cannot be settled here: the row is
flagged in ``undecidable`` and filled with a placeholder, the allocation that lets the
leftmost column win every such tie.

>>> from ballottage.law.rules import rule_set
>>> result = allocate_batch(
...     np.array([[4000, 3000, 2000, 600, 400], [4000, 3000, 2000, 600, 400]]),
...     rule_set("regionales-2015"), seats=19)
>>> result.seats.tolist(), result.leader.tolist(), result.undecidable.tolist()
([[11, 5, 3, 0, 0], [11, 5, 3, 0, 0]], [0, 0], [False, False])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ballottage.errors import InvalidInput
from ballottage.law.rules import RuleSet

DEFAULT_CHUNK = 1 << 15
"""Draws handled together: large enough to amortise numpy's overhead, small enough for cache."""

_INT64_LIMIT = 1 << 62
"""Every product formed here stays below this bound (checked before any work)."""

Int64Array = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class BatchSeats:
    """Seats for a batch of draws.

    ``seats[d, j]`` is the number of seats of list ``j`` in draw ``d`` (bonus included),
    ``leader[d]`` the list that takes the bonus, and ``undecidable[d]`` says that the law would
    need the candidates' birth dates to settle a tie in draw ``d``: that row then holds the
    placeholder allocation where the leftmost of the tied lists wins.
    """

    seats: NDArray[np.int32]
    leader: NDArray[np.int32]
    undecidable: BoolArray


def allocate_batch(
    votes: ArrayLike,
    rules: RuleSet,
    *,
    seats: int | None = None,
    exprimes: ArrayLike | None = None,
    chunk: int = DEFAULT_CHUNK,
) -> BatchSeats:
    """Seats of every draw (row) of ``votes``, as :func:`~ballottage.law.allocate_council`.

    ``votes`` is a ``[draws, lists]`` array of whole numbers; ``exprimes`` the exprimés of each
    draw (default: the row sums; never below them). Every draw needs at least one vote.
    """
    table = np.asarray(votes)
    if table.ndim != 2 or table.shape[1] == 0:
        raise InvalidInput("votes", table.shape, "must be a [draws, lists] array with lists ≥ 1")
    if not np.issubdtype(table.dtype, np.integer):
        raise InvalidInput("votes", table.dtype, "must hold whole numbers")
    if chunk < 1:
        raise InvalidInput("chunk", chunk, "must be at least 1")
    total = rules.council_size(seats)
    bonus = min(rules.bonus_for(total), total)
    draws, lists = table.shape
    given = None if exprimes is None else np.asarray(exprimes)
    if given is not None and (
        given.shape != (draws,) or not np.issubdtype(given.dtype, np.integer)
    ):
        raise InvalidInput("exprimes", given.shape, f"must be {draws} whole numbers, one per draw")
    _check_bounds(table, given, rules, total, lists)

    out = np.zeros((draws, lists), dtype=np.int32)
    leader = np.zeros(draws, dtype=np.int32)
    undecidable = np.zeros(draws, dtype=np.bool_)
    for start in range(0, draws, chunk):
        stop = min(start + chunk, draws)
        v = np.ascontiguousarray(table[start:stop].T, dtype=np.int64)
        e = _chunk_exprimes(v, given, start, stop)
        s, lead, tie = _allocate_chunk(v, e, rules, total, bonus)
        out[start:stop] = s.T
        leader[start:stop] = lead
        undecidable[start:stop] = tie
    return BatchSeats(out, leader, undecidable)


def _chunk_exprimes(
    v: NDArray[np.int64], given: NDArray[np.integer] | None, start: int, stop: int
) -> NDArray[np.int64]:
    """The exprimés of draws ``start:stop`` (``v`` is their votes, one column per draw): the
    given ones, never below the list votes, else the list votes' sum; a draw needs a vote."""
    row_sums: NDArray[np.int64] = v.sum(axis=0)
    if not row_sums.all():
        first = start + int(np.argmin(row_sums))
        raise InvalidInput(f"votes[{first}]", 0, "no list has any vote")
    if given is None:
        return row_sums
    e = given[start:stop].astype(np.int64)
    if (e < row_sums).any():
        first = start + int(np.argmax(e < row_sums))
        raise InvalidInput(
            f"exprimes[{first}]",
            int(e[first - start]),
            "is below the sum of the list votes",
        )
    return e


def _check_bounds(
    table: NDArray[np.integer],
    given: NDArray[np.integer] | None,
    rules: RuleSet,
    total: int,
    lists: int,
) -> None:
    """Votes must be ≥ 0 and small enough for every int64 product formed below."""
    if table.size and int(table.min()) < 0:
        raise InvalidInput("votes", int(table.min()), "must be at least 0")
    if given is not None and given.size and int(given.min()) < 0:
        raise InvalidInput("exprimes", int(given.min()), "must be at least 0")
    biggest = int(table.max(initial=0)) * lists
    if given is not None:
        biggest = max(biggest, int(given.max(initial=0)))
    threshold = rules.seat_threshold
    factor = max(threshold.numerator, threshold.denominator, 2 * total + 2 * lists + 2)
    if biggest * factor >= _INT64_LIMIT:
        raise InvalidInput(
            "votes", biggest, "too large for exact int64 arithmetic; use allocate_council"
        )


def _allocate_chunk(
    v: Int64Array, e: Int64Array, rules: RuleSet, total: int, bonus: int
) -> tuple[Int64Array, NDArray[np.int32], BoolArray]:
    """Seats ``[lists, n]`` for the draws of ``v`` (``[lists, n]``, one column per draw)."""
    lists, n = v.shape
    top = v.max(axis=0)
    at_top = v == top
    leader = np.argmax(at_top, axis=0).astype(np.int32)
    undecidable = at_top.sum(axis=0) > 1
    rows = np.arange(n)

    threshold = rules.seat_threshold
    eligible = v * threshold.denominator >= threshold.numerator * e
    nobody = ~eligible.any(axis=0)
    if nobody.any():
        # No list reaches the threshold: the code has no rule (the exact engine refuses such
        # votes). Flag the draw as undecidable; the placeholder gives the seats to the leader.
        eligible[leader[nobody], rows[nobody]] = True
        undecidable |= nobody
    ve = v * eligible
    share = total - bonus
    if share:
        seats, tied = _dhondt(ve, share)
        undecidable |= tied
    else:
        seats = np.zeros_like(v)
    seats[leader, rows] += bonus
    return seats, leader, undecidable


def _dhondt(ve: Int64Array, share: int) -> tuple[Int64Array, BoolArray]:
    """D'Hondt shares of ``share`` seats (ineligible lists at 0 votes), and the undecidable ties.

    The start ``floor(v * (2P + k) / (2W))`` (``W`` the eligible votes, ``k`` the lists with
    votes) is ``floor(v / mu)`` for one divisor ``mu``: the D'Hondt allocation of its own size,
    with every average it keeps strictly above every average it leaves out, and usually within
    a seat of ``P``. Seats are then added one at a time to the highest next average, or taken
    one at a time from the lowest last average, ties going to the list with more votes; the
    result is the one of the quotient-then-highest-average rule of the code (art. L338).
    """
    weight = ve.sum(axis=0)
    alive = (ve > 0).sum(axis=0)
    seats = ve * (2 * share + alive) // (2 * weight)
    gap = share - seats.sum(axis=0)
    tied = np.zeros(ve.shape[1], dtype=np.bool_)
    _add_seats(ve, seats, gap, tied)
    _remove_seats(ve, seats, gap, tied)
    return seats, tied


def _add_seats(ve: Int64Array, seats: Int64Array, gap: Int64Array, tied: BoolArray) -> None:
    """Give ``gap`` more seats (where ``gap > 0``), one at a time, to the highest next average."""
    idx = np.flatnonzero(gap > 0)
    left = gap[idx]
    while idx.size:
        best, shared = _highest_next(ve[:, idx], seats[:, idx])
        seats[best, idx] += 1
        last = left == 1
        tied[idx[last]] |= shared[last]
        idx, left = idx[~last], left[~last] - 1


def _remove_seats(ve: Int64Array, seats: Int64Array, gap: Int64Array, tied: BoolArray) -> None:
    """Take ``-gap`` seats back (where ``gap < 0``), one at a time, from the lowest last average."""
    idx = np.flatnonzero(gap < 0)
    left = -gap[idx]
    while idx.size:
        worst, shared = _lowest_last(ve[:, idx], seats[:, idx])
        seats[worst, idx] -= 1
        last = left == 1
        tied[idx[last]] |= shared[last]
        idx, left = idx[~last], left[~last] - 1


def _highest_next(v: Int64Array, s: Int64Array) -> tuple[Int64Array, BoolArray]:
    """Per column, the list with the highest ``(v / (s + 1), v)``, leftmost first.

    ``shared`` says another list has the very same average and votes (a tie of ages).
    """
    d = s + 1
    best_v, best_d = v[0], d[0]
    best = np.zeros(v.shape[1], dtype=np.int64)
    shared = np.zeros(v.shape[1], dtype=np.bool_)
    for j in range(1, v.shape[0]):
        lhs, rhs = v[j] * best_d, best_v * d[j]
        level = lhs == rhs
        better = (lhs > rhs) | (level & (v[j] > best_v))
        shared = np.where(better, False, shared | (level & (v[j] == best_v)))
        best_v = np.where(better, v[j], best_v)
        best_d = np.where(better, d[j], best_d)
        best = np.where(better, j, best)
    return best, shared


def _lowest_last(v: Int64Array, s: Int64Array) -> tuple[Int64Array, BoolArray]:
    """Per column, among lists with seats, the lowest ``(v / s, v)``, rightmost first."""
    best_v, best_s = v[0], s[0]
    found = s[0] > 0
    best = np.zeros(v.shape[1], dtype=np.int64)
    shared = np.zeros(v.shape[1], dtype=np.bool_)
    for j in range(1, v.shape[0]):
        lhs, rhs = v[j] * best_s, best_v * s[j]
        level = lhs == rhs
        equal = level & (v[j] == best_v)
        lower = (lhs < rhs) | (level & (v[j] < best_v))
        take = (s[j] > 0) & (~found | lower | equal)
        shared = np.where(take, equal & found, shared)
        found = found | take
        best_v = np.where(take, v[j], best_v)
        best_s = np.where(take, s[j], best_s)
        best = np.where(take, j, best)
    return best, shared

"""Checking the figures handed to the law: votes per list and exprimés.

>>> checked_votes({"A": 10, "B": 0})
{'A': 10, 'B': 0}
>>> shares_at_least(Fraction(1, 10), 10, 100), shares_at_least(Fraction(1, 10), 9, 100)
(True, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from ballottage.errors import InvalidInput


def checked_count(field: str, value: object) -> int:
    """``value`` as a non-negative whole number, or :class:`InvalidInput` naming ``field``.

    >>> checked_count("seats", 19)
    19
    >>> checked_count("seats", -1)
    Traceback (most recent call last):
    ballottage.errors.InvalidInput: seats=-1: must be at least 0
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(field, value, "must be a whole number")
    if value < 0:
        raise InvalidInput(field, value, "must be at least 0")
    return value


def checked_votes(votes: Mapping[str, int], *, field: str = "votes") -> dict[str, int]:
    """A copy of ``votes`` after checking names and counts (whole numbers, at least 0).

    >>> checked_votes({"A": 1.5})
    Traceback (most recent call last):
    ballottage.errors.InvalidInput: votes[A]=1.5: must be a whole number
    """
    if not votes:
        raise InvalidInput(field, {}, "at least one list is needed")
    out: dict[str, int] = {}
    for name, count in votes.items():
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput(f"{field} list name", name, "must be a non-empty text")
        out[name] = checked_count(f"{field}[{name}]", count)
    return out


def checked_exprimes(votes: Mapping[str, int], exprimes: int | None) -> int:
    """The exprimés: the sum of the list votes unless given, and never below that sum.

    >>> checked_exprimes({"A": 60, "B": 30}, None), checked_exprimes({"A": 60, "B": 30}, 100)
    (90, 100)

    Exprimés are the valid votes, blank and spoiled ballots excluded (art. L65 and L66).
    """
    total = sum(votes.values())
    if exprimes is None:
        if total == 0:
            raise InvalidInput("votes", 0, "no list has any vote")
        return total
    exprimes = checked_count("exprimes", exprimes)
    if exprimes < total:
        raise InvalidInput("exprimes", exprimes, f"is below the sum of the list votes ({total})")
    if exprimes == 0:
        raise InvalidInput("exprimes", exprimes, "no valid vote was cast")
    return exprimes


def shares_at_least(threshold: Fraction, votes: int, exprimes: int) -> bool:
    """Whether ``votes`` reach ``threshold`` of ``exprimes``, compared exactly ("at least").

    >>> shares_at_least(Fraction(1, 20), 500, 10_000), shares_at_least(Fraction(1, 20), 499, 10_000)
    (True, False)
    """
    return votes * threshold.denominator >= threshold.numerator * exprimes


def absolute_majority(votes: int, exprimes: int) -> bool:
    """Whether ``votes`` are more than half of ``exprimes`` (absolute majority).

    >>> absolute_majority(50, 100), absolute_majority(51, 100)
    (False, True)
    """
    return 2 * votes > exprimes

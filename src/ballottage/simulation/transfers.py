"""Vote transfers between the rounds, with their uncertainty: a Dirichlet per round-1 category.

Voters are grouped by what they did in round 1 (each list, abstention, blank/null: the caller
chooses the categories, the *sources*). Each source's round-2 behaviour is a Dirichlet
distribution over the *destinations*: the round-2 lists, then the other outcomes (abstention,
blank/null). Its mean is the expected transfer; the sum of its concentrations says how sure it
is (a share ``p`` has standard deviation ``sqrt(p (1 - p) / (1 + sum))``).

>>> model = TransferModel.from_shares(
...     sources=("A", "B", "abstention"), electorate=(400, 300, 300),
...     lists=("A",), others=("abstention",),
...     shares=[[0.9, 0.1], [0.5, 0.5], [0.1, 0.9]], strength=100)
>>> model.concentration.tolist()
[[90.0, 10.0], [50.0, 50.0], [10.0, 90.0]]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ballottage.errors import InvalidInput

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Turnout:
    """A change of turnout in round 2: each source's probability of voting times a factor.

    In each draw the factor is ``factor * exp(spread * z)`` with ``z`` standard normal (so
    ``factor`` is its median); the share of a source that votes is capped at 1 and the voters
    gained or lost are spread over its other destinations in proportion.
    """

    factor: float = 1.0
    spread: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.factor) and self.factor >= 0):
            raise InvalidInput("turnout factor", self.factor, "must be a finite number ≥ 0")
        if not (math.isfinite(self.spread) and self.spread >= 0):
            raise InvalidInput("turnout spread", self.spread, "must be a finite number ≥ 0")


@dataclass(frozen=True, eq=False)
class TransferModel:
    """Round-1 categories (``sources``) and where their voters go in round 2.

    ``concentration[r, c]`` is the Dirichlet concentration of source ``r`` toward destination
    ``c``; destinations are ``lists`` (the round-2 lists, in this order) then ``others``.
    ``abstention`` names the destination among ``others`` that means "did not vote" (needed
    for a :class:`Turnout` change). ``fixed`` names the sources whose transfer is known
    without uncertainty (an infinite concentration): their row of ``concentration`` gives only
    the proportions, and every draw takes that mean row as it is. Arrays are converted and
    made read-only.
    """

    sources: tuple[str, ...]
    electorate: NDArray[np.int64]
    """Voters in each source category (round-1 inscrits split by what they did)."""
    lists: tuple[str, ...]
    others: tuple[str, ...]
    concentration: FloatArray
    abstention: str | None = None
    fixed: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        sources, lists, others = tuple(self.sources), tuple(self.lists), tuple(self.others)
        _check_names("sources", sources)
        _check_names("destinations", lists + others)
        if not lists:
            raise InvalidInput("lists", lists, "at least one round-2 list is needed")
        if self.abstention is not None and self.abstention not in others:
            raise InvalidInput("abstention", self.abstention, f"must be one of {others}")
        fixed = frozenset(self.fixed)
        if not fixed <= set(sources):
            raise InvalidInput("fixed", sorted(fixed - set(sources)), f"must be among {sources}")
        electorate = _whole_numbers("electorate", self.electorate, len(sources))
        concentration = np.array(self.concentration, dtype=np.float64)
        if concentration.shape != (len(sources), len(lists) + len(others)):
            raise InvalidInput(
                "concentration",
                concentration.shape,
                f"must be [{len(sources)} sources, {len(lists) + len(others)} destinations]",
            )
        if not np.isfinite(concentration).all() or (concentration < 0).any():
            raise InvalidInput("concentration", "negative or NaN", "must be finite and ≥ 0")
        empty = np.flatnonzero(concentration.sum(axis=1) <= 0)
        if empty.size:
            raise InvalidInput(
                f"concentration[{sources[int(empty[0])]}]", 0, "a source needs a destination"
            )
        concentration.setflags(write=False)
        for name, value in (
            ("sources", sources),
            ("lists", lists),
            ("others", others),
            ("electorate", electorate),
            ("concentration", concentration),
            ("fixed", fixed),
        ):
            object.__setattr__(self, name, value)

    @classmethod
    def from_concentration(
        cls,
        *,
        sources: Sequence[str],
        electorate: ArrayLike,
        lists: Sequence[str],
        others: Sequence[str],
        concentration: ArrayLike,
        abstention: str | None = None,
        fixed: Sequence[str] = (),
    ) -> TransferModel:
        """A model from plain sequences (or arrays): the Dirichlet concentrations themselves."""
        return cls(
            tuple(sources),
            np.asarray(electorate),
            tuple(lists),
            tuple(others),
            np.asarray(concentration, dtype=np.float64),
            abstention,
            frozenset(fixed),
        )

    @classmethod
    def from_shares(
        cls,
        *,
        sources: Sequence[str],
        electorate: ArrayLike,
        lists: Sequence[str],
        others: Sequence[str],
        shares: ArrayLike,
        strength: ArrayLike,
        abstention: str | None = None,
    ) -> TransferModel:
        """A model from mean transfer shares (rows summing to 1) and a strength per source.

        ``strength`` (one number, or one per source) is the Dirichlet concentration sum.
        """
        mean = np.asarray(shares, dtype=np.float64)
        if mean.ndim != 2 or not np.allclose(mean.sum(axis=1), 1.0, rtol=0, atol=1e-9):
            raise InvalidInput("shares", mean.shape, "must be a matrix whose rows sum to 1")
        power = np.broadcast_to(np.asarray(strength, dtype=np.float64), (mean.shape[0],))
        if not np.isfinite(power).all() or (power <= 0).any():
            raise InvalidInput("strength", power.tolist(), "must be finite and > 0")
        return cls.from_concentration(
            sources=sources,
            electorate=electorate,
            lists=lists,
            others=others,
            concentration=mean * power[:, None],
            abstention=abstention,
        )

    @property
    def destinations(self) -> tuple[str, ...]:
        """Round-2 lists, then the other destinations."""
        return self.lists + self.others

    def mean_shares(self) -> FloatArray:
        """The expected transfer matrix ``[sources, destinations]`` (rows sum to 1)."""
        out: FloatArray = self.concentration / self.concentration.sum(axis=1, keepdims=True)
        return out

    def fixed_rows(self) -> NDArray[np.bool_]:
        """``True`` for each source drawn as its mean, without uncertainty (see ``fixed``)."""
        return np.array([s in self.fixed for s in self.sources], dtype=np.bool_)

    def abstention_column(self) -> int:
        """The destination column of abstention, or :class:`InvalidInput` if none is named."""
        if self.abstention is None:
            raise InvalidInput("abstention", None, "a turnout change needs the abstention column")
        return self.destinations.index(self.abstention)


def _check_names(field: str, names: tuple[str, ...]) -> None:
    if not names or any(not isinstance(n, str) or not n.strip() for n in names):
        raise InvalidInput(field, names, "must be non-empty names")
    if len(set(names)) != len(names):
        raise InvalidInput(field, names, "names must be distinct")


def _whole_numbers(field: str, value: ArrayLike, size: int) -> NDArray[np.int64]:
    raw = np.asarray(value)
    if raw.shape != (size,):
        raise InvalidInput(field, raw.shape, f"must hold {size} numbers, one per source")
    if raw.dtype.kind not in "iu" and not (
        raw.dtype.kind == "f" and np.isfinite(raw).all() and (raw == np.rint(raw)).all()
    ):
        raise InvalidInput(field, raw.tolist(), "must be whole numbers")
    out = raw.astype(np.int64)
    if (out < 0).any():
        raise InvalidInput(field, out.tolist(), "must be at least 0")
    out.setflags(write=False)
    return out


__all__ = ["TransferModel", "Turnout"]

"""Default transfer rows, from the shipped table ``reference/transfer_defaults.toml``.

A row says where the round-1 voters of one list go in round 2: to each standing list, to
abstention, to blank-null. How the default row is built (see ``transfer_defaults.md``):

1. The voters' situation: *home* when their own list stands or merged into one that stands;
   *represented* when a standing list has at least ``represented_affinity`` for their family;
   *orphan* otherwise.
2. Abstention and blank-null shares: the family's ``represented`` pair (home or represented)
   or its ``orphan`` pair.
3. The voters who vote for a list: at home, ``loyalty`` (``merged_loyalty`` for a merged list)
   to their list and the rest to the other lists in proportion to the family's affinities;
   otherwise all of them in proportion to the affinities.

>>> table = transfer_defaults()
>>> row = table.list_row("left", None, home=None, merged=False,
...                      standing=(("B", "right"), ("L", "far-right")))
>>> [round(x, 4) for x in row.shares], row.situation
([0.7359, 0.0841, 0.12, 0.06], 'orphan')
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from ballottage.data.model import FAMILIES
from ballottage.errors import InvalidInput

ABSTENTION = "abstention"
BLANK_NULL = "blank-null"
TABLE = "reference/transfer_defaults.toml"


@dataclass(frozen=True)
class FamilyDefaults:
    """One family's (or nuance's) abstention, blank-null and affinity for the others."""

    represented: tuple[float, float]
    """(abstention, blank-null) when their list or their side stands."""
    orphan: tuple[float, float]
    affinity: Mapping[str, float]


@dataclass(frozen=True)
class DefaultRow:
    """A default row: shares over the standing lists, then abstention, then blank-null."""

    shares: tuple[float, ...]
    situation: str
    """``home``, ``merged``, ``represented`` or ``orphan``."""
    concentration: float


@dataclass(frozen=True)
class TransferDefaults:
    """The whole table, checked when loaded."""

    loyalty: float
    merged_loyalty: float
    represented_affinity: float
    concentration: Mapping[str, float]
    blank_null_row: tuple[float, float]
    """Round-1 blank-null voters: (blank-null again, abstention); the rest vote."""
    families: Mapping[str, FamilyDefaults]
    nuances: Mapping[str, FamilyDefaults]

    def for_list(self, family: str | None, nuance: str | None) -> FamilyDefaults:
        """The defaults of a list: its nuance's own row if there is one, else its family's."""
        if nuance is not None and nuance in self.nuances:
            return self.nuances[nuance]
        if family is not None and family in self.families:
            return self.families[family]
        return self.families["other"]

    def list_row(
        self,
        family: str | None,
        nuance: str | None,
        *,
        home: str | None,
        merged: bool,
        standing: Sequence[tuple[str, str | None]],
    ) -> DefaultRow:
        """The default row of a round-1 list, over ``standing`` (head, family) pairs.

        ``home`` is the standing list the voters' own list is (or merged into), if any.
        """
        own = self.for_list(family, nuance)
        weights = [own.affinity.get(f or "other", own.affinity["other"]) for _, f in standing]
        heads = [h for h, _ in standing]
        if home is not None:
            situation = "merged" if merged else "home"
        elif max(weights, default=0.0) >= self.represented_affinity:
            situation = "represented"
        else:
            situation = "orphan"
        abstention, blank = own.orphan if situation == "orphan" else own.represented
        voting = 1.0 - abstention - blank
        shares = [0.0] * len(heads)
        if home is not None:
            keep = self.merged_loyalty if merged else self.loyalty
            others = [(i, w) for i, w in enumerate(weights) if heads[i] != home]
            spread = sum(w for _, w in others)
            if spread <= 0:
                keep = 1.0
            shares[heads.index(home)] = voting * keep
            for i, w in others:
                shares[i] = voting * (1.0 - keep) * w / spread if spread > 0 else 0.0
        else:
            total = sum(weights)
            shares = [voting * w / total for w in weights]
        key = "represented" if situation != "orphan" else "orphan"
        return DefaultRow((*shares, abstention, blank), situation, self.concentration[key])


def _number(
    data: Mapping[str, Any], key: str, where: str, *, low: float = 0.0, high: float = 1.0
) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{TABLE}: {where}.{key}", value, "must be a number")
    if not low <= value <= high:
        raise InvalidInput(f"{TABLE}: {where}.{key}", value, f"must be between {low} and {high}")
    return float(value)


def _family(data: Mapping[str, Any], where: str) -> FamilyDefaults:
    pairs = []
    for situation in ("represented", "orphan"):
        part = data.get(situation, {})
        pair = (
            _number(part, ABSTENTION, f"{where}.{situation}"),
            _number(part, BLANK_NULL, f"{where}.{situation}"),
        )
        if sum(pair) >= 1:
            raise InvalidInput(f"{TABLE}: {where}.{situation}", pair, "leaves nobody to vote")
        pairs.append(pair)
    affinity = {f: _number(data.get("affinity", {}), f, f"{where}.affinity") for f in FAMILIES}
    if not all(w > 0 for w in affinity.values()):
        raise InvalidInput(f"{TABLE}: {where}.affinity", affinity, "every weight must be above 0")
    return FamilyDefaults(pairs[0], pairs[1], MappingProxyType(affinity))


def parse_defaults(data: Mapping[str, Any]) -> TransferDefaults:
    """Check and read a defaults table (the shape of ``transfer_defaults.toml``)."""
    model = data.get("model", {})
    weights = data.get("concentration", {})
    concentration = {
        k: _number(weights, k, "concentration", low=1e-6, high=1e9)
        for k in ("represented", "orphan", ABSTENTION, BLANK_NULL)
    }
    blank = data.get("round1-blank-null", {})
    blank_row = (
        _number(blank, BLANK_NULL, "round1-blank-null"),
        _number(blank, ABSTENTION, "round1-blank-null"),
    )
    if sum(blank_row) > 1:
        raise InvalidInput(f"{TABLE}: round1-blank-null", blank_row, "adds up to more than 1")
    missing = [f for f in FAMILIES if f not in data.get("family", {})]
    if missing:
        raise InvalidInput(f"{TABLE}: family", missing, "every family needs a table")
    return TransferDefaults(
        loyalty=_number(model, "loyalty", "model"),
        merged_loyalty=_number(model, "merged_loyalty", "model"),
        represented_affinity=_number(model, "represented_affinity", "model"),
        concentration=MappingProxyType(concentration),
        blank_null_row=blank_row,
        families=MappingProxyType({f: _family(data["family"][f], f"family.{f}") for f in FAMILIES}),
        nuances=MappingProxyType(
            {n: _family(v, f"nuance.{n}") for n, v in data.get("nuance", {}).items()}
        ),
    )


@cache
def transfer_defaults() -> TransferDefaults:
    """The shipped defaults table (read once)."""
    text = files("ballottage").joinpath(TABLE).read_text(encoding="utf-8")
    return parse_defaults(tomllib.loads(text))

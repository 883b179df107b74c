"""Round-1 figures a scenario starts from, and finding a list by the name a user writes.

A scenario needs little from the store: turnout, and each list's head, nuance, family and
votes. :class:`Round1Figures` is that, as one frozen value; ``ballottage.scenarios.store``
builds it from the DuckDB store, tests build it by hand.

>>> figures = Round1Figures(
...     election="regionales-2015", region="Demo", region_code="00",
...     rules="regionales-2015", seats=20, inscrits=1000, votants=600, blancs=10, nuls=5,
...     lists=(Round1List("LE PEN Marine", 300, "LFN", "far-right"),
...            Round1List("BERTRAND Xavier", 200, "LUD", "right"),
...            Round1List("DE SAINTIGNON Pierre", 85, "LUG", "left")))
>>> figures.exprimes, figures.abstentions, figures.blank_null
(585, 400, 15)
>>> [figures.find(n).head for n in ("le pen", "Saintignon", "LUD")]
['LE PEN Marine', 'DE SAINTIGNON Pierre', 'BERTRAND Xavier']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ballottage.errors import InconsistentData, InvalidInput, UnknownName


def folded(text: str) -> str:
    """``text`` without case, accents or punctuation, for matching names.

    >>> folded("MARÉCHAL-LE PEN  Marion")
    'marechal le pen marion'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.casefold()).split())


@dataclass(frozen=True)
class Round1List:
    """A round-1 list: head as the data spells it, votes, nuance and political family."""

    head: str
    votes: int
    nuance: str | None = None
    family: str | None = None


@dataclass(frozen=True)
class ObservedRound2:
    """The round 2 that happened, when the store has it: the start of a past election's
    opening view (its line-up, its turnout, its results)."""

    votants: int | None
    """Round-2 voters, or None when the sources at hand do not give them."""
    votes: tuple[tuple[str, int], ...]
    """``(head, votes)`` of every round-2 list (round-1 heads)."""
    mergers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``(round-2 list, lists merged into it)`` as the mergers table gives them."""

    @property
    def standing(self) -> tuple[str, ...]:
        """The round-2 lists."""
        return tuple(head for head, _ in self.votes)

    @property
    def blank_null(self) -> int | None:
        """Round-2 blank and spoiled ballots: votants minus the list votes (None: unknown)."""
        return None if self.votants is None else self.votants - sum(v for _, v in self.votes)


@dataclass(frozen=True)
class Round1Figures:
    """Round 1 of one region: turnout and lists, checked for the usual identities."""

    election: str
    region: str
    region_code: str
    rules: str
    """Name of the rule set (``ballottage.law.rule_set``)."""
    seats: int
    inscrits: int
    votants: int
    blancs: int
    nuls: int
    lists: tuple[Round1List, ...]
    observed: ObservedRound2 | None = None
    """The round 2 that happened, for a past election whose round 2 is stored."""

    def __post_init__(self) -> None:
        place = f"{self.election}, {self.region}, round 1"
        if not self.lists:
            raise InconsistentData(place, "no list")
        heads = [folded(item.head) for item in self.lists]
        if len(set(heads)) != len(heads):
            raise InconsistentData(place, "two lists have the same head")
        if not 0 <= self.votants <= self.inscrits:
            raise InconsistentData(place, f"votants {self.votants} above inscrits {self.inscrits}")
        if self.blancs < 0 or self.nuls < 0 or self.blancs + self.nuls > self.votants:
            raise InconsistentData(place, "blancs + nuls above votants")
        if sum(item.votes for item in self.lists) != self.exprimes:
            raise InconsistentData(
                place,
                f"list votes add up to {sum(item.votes for item in self.lists)}, "
                f"exprimés are {self.exprimes}",
                rule="exprimés = votants - blancs - nuls",
            )

    @property
    def exprimes(self) -> int:
        """Valid votes: votants minus blank and spoiled ballots."""
        return self.votants - self.blancs - self.nuls

    @property
    def abstentions(self) -> int:
        """Registered voters who did not vote."""
        return self.inscrits - self.votants

    @property
    def blank_null(self) -> int:
        """Blank and spoiled ballots together."""
        return self.blancs + self.nuls

    @property
    def turnout(self) -> float:
        """Votants over inscrits."""
        return self.votants / self.inscrits

    def votes(self) -> dict[str, int]:
        """``{head: votes}``, the shape the law functions take."""
        return {item.head: item.votes for item in self.lists}

    def named(self, head: str) -> Round1List:
        """The list whose head is exactly ``head``."""
        for item in self.lists:
            if item.head == head:
                return item
        raise UnknownName("list", head, [item.head for item in self.lists])

    def find(
        self, name: str, among: Sequence[str] | None = None, *, field: str = "list"
    ) -> Round1List:
        """The list a user means by ``name``: see :func:`match_name`."""
        heads = [item.head for item in self.lists] if among is None else list(among)
        nuances = {item.head: item.nuance for item in self.lists}
        return self.named(match_name(name, heads, nuances, field=field))


def match_name(
    name: str, heads: Sequence[str], nuances: Mapping[str, str | None], *, field: str = "list"
) -> str:
    """The one head ``name`` stands for, or an error naming the candidates.

    Tried in order: the head itself (case, accents and punctuation aside); a unique prefix of
    the head (``"le pen"``); a unique word inside the head (``"saintignon"``); the nuance code
    when one list only has it (``"LFN"``).

    >>> match_name("pecresse", ["PÉCRESSE Valérie", "BARTOLONE Claude"], {})
    'PÉCRESSE Valérie'
    """
    if not isinstance(name, str) or not folded(name):
        raise InvalidInput(field, name, "must be the head of a list (text)", kind="name")
    key = folded(name)
    nuance = name.strip().casefold()
    tests: tuple[Callable[[str], bool], ...] = (
        lambda h: folded(h) == key,
        lambda h: folded(h).startswith(key),
        lambda h: f" {key}" in f" {folded(h)}",
        lambda h: (nuances.get(h) or "").casefold() == nuance,
    )
    for test in tests:
        found = [h for h in heads if test(h)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InvalidInput(
                field,
                name,
                f"could mean {', '.join(found)}; write more of the head",
                kind="ambiguous-list",
            )
    raise InvalidInput(field, name, f"no such list here ({', '.join(heads)})", kind="unknown-list")

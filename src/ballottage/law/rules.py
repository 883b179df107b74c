"""Rule sets: the parameters of each electoral system, as data with their articles.

A rule set is one frozen value; the registry maps the names used by files and the command line
(``regionales-2015``, ``corse-2017``...) to those values.

>>> RULE_SETS["regionales-2015"].bonus_for(209)
53
>>> RULE_SETS["municipales"].bonus_for(4), RULE_SETS["municipales"].bonus_for(27)
(2, 14)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from fractions import Fraction
from types import MappingProxyType
from typing import Final

from ballottage.errors import InvalidInput, UnknownName


class BonusRounding(Enum):
    """How a fractional bonus is rounded."""

    UP = "up"
    """Rounded up: a quarter of the seats of a regional council (art. L338)."""
    MUNICIPAL = "municipal"
    """Up when more than four seats are filled, down below that (art. L262)."""


@dataclass(frozen=True)
class SectionMinimum:
    """The minimum number of councillors per department, all lists together (art. L338-1).

    Since the law n° 2015-29 of 16 January 2015: 2 seats for a department under
    100 000 inhabitants, 4 for one of 100 000 or more.
    """

    small: int = 2
    large: int = 4
    population_limit: int = 100_000

    def for_population(self, population: int) -> int:
        """The minimum number of seats of a section with this population.

        >>> SectionMinimum().for_population(76_000), SectionMinimum().for_population(100_000)
        (2, 4)
        """
        return self.large if population >= self.population_limit else self.small


@dataclass(frozen=True)
class RuleSet:
    """One electoral system: seats, bonus, thresholds, fallbacks, sections and articles."""

    name: str
    title: str
    seats: int | None
    """Council size fixed by the law, or ``None`` when it is given per council."""
    bonus_fraction: Fraction | None
    """Share of the seats given as a bonus, or ``None`` when the bonus is a fixed number."""
    bonus_fixed: int | None
    bonus_rounding: BonusRounding
    stand_threshold: Fraction
    """Share of exprimés needed in round 1 to stand in round 2."""
    merge_threshold: Fraction
    """Share of exprimés needed in round 1 to merge into a list that stands."""
    seat_threshold: Fraction
    """Share of exprimés needed to take part in the proportional share."""
    runner_up_fallback: bool
    """If only one list reaches the stand threshold, the second may stand too (L346, L558-19)."""
    top_two_fallback: bool
    """If no list reaches the stand threshold, the two leading lists may stand (L346, L558-19)."""
    sections: int | None
    """Number of sections (departmental or territorial), or ``None``."""
    section_minimum: SectionMinimum | None
    articles: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Article of the Code électoral for each step: ``bonus``, ``proportional``, ``round1``..."""
    notes: str = ""
    regional_council: bool = False
    """A regional council of art. L336 to L338-1 (not Corsica, Martinique or a commune)."""

    def council_size(self, seats: int | None) -> int:
        """The number of seats to fill: the law's own figure, or the one given.

        >>> RULE_SETS["corse-2017"].council_size(None)
        63
        """
        if seats is not None:
            if isinstance(seats, bool) or not isinstance(seats, int) or seats <= 0:
                raise InvalidInput("seats", seats, "must be a whole number of at least 1")
            if self.seats is not None and seats != self.seats:
                raise InvalidInput(
                    "seats", seats, f"the rule set {self.name} fixes {self.seats} seats"
                )
            return seats
        if self.seats is None:
            raise InvalidInput(
                "seats", None, f"the rule set {self.name} needs the number of seats to fill"
            )
        return self.seats

    def bonus_for(self, seats: int) -> int:
        """The majority bonus for a council of ``seats`` seats (art. L338, L262, L366).

        >>> RULE_SETS["regionales-2015"].bonus_for(204)
        51
        >>> RULE_SETS["municipales"].bonus_for(3)
        1
        """
        if self.bonus_fixed is not None:
            return self.bonus_fixed
        assert self.bonus_fraction is not None
        exact = self.bonus_fraction * seats
        if self.bonus_rounding is BonusRounding.MUNICIPAL and seats < 4:
            return math.floor(exact)
        return math.ceil(exact)

    def section_minima(self, populations: Mapping[str, int]) -> dict[str, int]:
        """The minimum seats of each section from its population (art. L338-1), or raise
        when this rule set has no such minimum.

        >>> RULE_SETS["regionales-2015"].section_minima({"02": 534_490, "90": 99_000})
        {'02': 4, '90': 2}
        """
        if self.section_minimum is None:
            raise InvalidInput(
                "populations", None, f"the rule set {self.name} has no minimum per section"
            )
        minimum = self.section_minimum
        return {s: minimum.for_population(p) for s, p in populations.items()}

    def article(self, step: str) -> str:
        """The article that governs ``step``, e.g. ``"art. L338"``.

        >>> RULE_SETS["corse-2017"].article("stand")
        'art. L373'
        """
        return self.articles.get(step, "Code électoral")


def _articles(**kwargs: str) -> MappingProxyType[str, str]:
    return MappingProxyType(dict(kwargs))


_PERCENT = Fraction(1, 100)

REGIONALES_2015: Final = RuleSet(
    name="regionales-2015",
    title="Regional councils (2015 and 2021)",
    seats=None,
    bonus_fraction=Fraction(1, 4),
    bonus_fixed=None,
    bonus_rounding=BonusRounding.UP,
    stand_threshold=10 * _PERCENT,
    merge_threshold=5 * _PERCENT,
    seat_threshold=5 * _PERCENT,
    runner_up_fallback=True,
    top_two_fallback=True,
    sections=None,
    section_minimum=SectionMinimum(),
    articles=_articles(
        round1="art. L338",
        bonus="art. L338",
        proportional="art. L338",
        stand="art. L346",
        merge="art. L346",
        sections="art. L338-1",
        section_minimum="art. L338-1 (loi n° 2015-29)",
        seats="art. L337 and table n° 7",
    ),
    notes="Council size per region from table n° 7 (e.g. Île-de-France 209).",
    regional_council=True,
)

CORSE_2015: Final = RuleSet(
    name="corse-2015",
    title="Assemblée de Corse (2015)",
    seats=51,
    bonus_fraction=None,
    bonus_fixed=9,
    bonus_rounding=BonusRounding.UP,
    stand_threshold=7 * _PERCENT,
    merge_threshold=5 * _PERCENT,
    seat_threshold=5 * _PERCENT,
    # Art. L373: "Seules peuvent se présenter au second tour de scrutin les listes ayant obtenu
    # au premier tour [...] au moins 7 %": unlike L346, no runner-up or top-two fallback.
    runner_up_fallback=False,
    top_two_fallback=False,
    sections=None,
    section_minimum=None,
    articles=_articles(
        round1="art. L366",
        bonus="art. L366",
        proportional="art. L366",
        stand="art. L373",
        merge="art. L373",
        seats="art. L364",
    ),
)

CORSE_2017: Final = replace(
    CORSE_2015,
    name="corse-2017",
    title="Collectivité de Corse (2017, 2021)",
    seats=63,
    bonus_fixed=11,
    notes="Collectivité de Corse since 1 January 2018 (ordonnance n° 2016-1561).",
)

MARTINIQUE_2015: Final = RuleSet(
    name="martinique-2015",
    title="Assemblée de Martinique (2015)",
    seats=51,
    bonus_fraction=None,
    bonus_fixed=11,
    bonus_rounding=BonusRounding.UP,
    stand_threshold=10 * _PERCENT,
    merge_threshold=5 * _PERCENT,
    seat_threshold=5 * _PERCENT,
    # Art. L558-19 words the two fallbacks as L346 does: the runner-up "peut se maintenir"
    # when one list reached 10 %, the two leading lists when none did.
    runner_up_fallback=True,
    top_two_fallback=True,
    sections=4,
    section_minimum=None,
    articles=_articles(
        round1="Livre VI bis, titre II (art. L558-5 s.)",
        bonus="Livre VI bis, titre II (art. L558-5 s.)",
        proportional="Livre VI bis, titre II (art. L558-5 s.)",
        stand="art. L558-19",
        merge="art. L558-19",
        sections="Livre VI bis, titre II (art. L558-5 s.)",
        seats="Livre VI bis, titre II (art. L558-5 s.)",
    ),
    notes=(
        "Four sections (Centre, Nord, Fort-de-France, Sud); each list's seats are split among "
        "them by highest averages as in L338-1. Who may stand in round 2: art. L558-19 (10 %, "
        "with L346's runner-up and top-two fallbacks)."
    ),
)

MUNICIPALES: Final = RuleSet(
    name="municipales",
    title="Municipal councils, communes of 1 000 inhabitants or more",
    seats=None,
    bonus_fraction=Fraction(1, 2),
    bonus_fixed=None,
    bonus_rounding=BonusRounding.MUNICIPAL,
    stand_threshold=10 * _PERCENT,
    merge_threshold=5 * _PERCENT,
    seat_threshold=5 * _PERCENT,
    # Art. L264: a list needs 10 % of exprimés to stand in round 2; the article has no fallback.
    runner_up_fallback=False,
    top_two_fallback=False,
    sections=None,
    section_minimum=None,
    articles=_articles(
        round1="art. L262",
        bonus="art. L262",
        proportional="art. L262",
        stand="art. L264",
        merge="art. L264",
    ),
    notes="Bonus: half the seats, rounded up above four seats and down below (art. L262).",
)

RULE_SETS: Final[MappingProxyType[str, RuleSet]] = MappingProxyType(
    {r.name: r for r in (REGIONALES_2015, CORSE_2015, CORSE_2017, MARTINIQUE_2015, MUNICIPALES)}
)
"""Every rule set by name."""


def rule_set(name: str) -> RuleSet:
    """The rule set called ``name`` (case-insensitive).

    >>> rule_set("Corse-2015").seats
    51
    """
    found = RULE_SETS.get(name.strip().lower()) if isinstance(name, str) else None
    if found is None:
        raise UnknownName("rule set", str(name), tuple(RULE_SETS))
    return found

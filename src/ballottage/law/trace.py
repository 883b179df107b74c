"""The explanation trace: each step of an allocation, so that a reader can see *why*.

>>> Step("bonus", "A leads and takes the bonus", list="A", seats=5).kind
'bonus'
>>> decimal_text(Fraction(2000, 3), 1), decimal_text(Fraction(-1, 8), 2)
('666.7', '-0.12')
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Step:
    """One step of the law applied: kind, a sentence, and the figures it rests on.

    Kinds: ``exprimes``, ``threshold``, ``outcome``, ``eligibility``, ``leader``, ``bonus``,
    ``seat``, ``tie``, ``section-seat``, ``correction``.
    """

    kind: str
    text: str
    list: str | None = None
    section: str | None = None
    seats: int | None = None
    average: Fraction | None = None
    article: str | None = None


def decimal_text(value: Fraction, places: int) -> str:
    """``value`` written with ``places`` decimals, rounded half to even, without floats.

    >>> decimal_text(Fraction(1, 3), 3), decimal_text(Fraction(7), 0)
    ('0.333', '7')
    """
    scaled = round(value * 10**places)
    sign = "-" if scaled < 0 else ""
    whole, frac = divmod(abs(scaled), 10**places)
    return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"

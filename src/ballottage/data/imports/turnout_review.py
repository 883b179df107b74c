"""Review the ``votants`` a file gives before the store keeps them.

Some sources give impossible or plainly wrong turnout: in pollsposition's 2021 file the
round-1 ``votants`` of five regions are the abstentions (Hauts-de-France 2 838 834 votants for
1 330 428 exprimés; the departments add up to 1 388 093). Such a figure is never stored as it
is, and never silently: it is replaced by what the data supports, the sum over the area's
departments when the store has all of them, and otherwise left missing (NULL), and each
replacement is returned as a :class:`VotantsReview` for the import report and the notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from ballottage.data.sources.checks import fmt

MAX_INVALID_SHARE = Fraction(1, 4)
"""Blancs + nuls above this share of votants is taken as a wrong ``votants``, not as a vote.
The highest share in the 2015 and 2021 regional files is 8.4 % (Guadeloupe, round 2 of 2021);
the five wrong 2021 figures give 45 % to 54 %."""


@dataclass(frozen=True)
class VotantsReview:
    """A ``votants`` figure not stored as given: ``stored`` is the figure kept (or None)."""

    area: str
    place: str
    round: int
    given: int
    stored: int | None
    why: str
    source: str

    def __str__(self) -> str:
        kept = (
            f"stored {fmt(self.stored)} instead" if self.stored is not None else "stored as missing"
        )
        return (
            f"{self.place}, round {self.round}: votants {fmt(self.given)} in {self.source} "
            f"cannot be right: {self.why}; {kept}"
        )


def _why(row: pd.Series, lower: int | None) -> tuple[str, int | None] | None:
    """Why a row's votants cannot be kept, and what to keep instead; None if it can."""
    given = int(row["votants"])
    inscrits = None if pd.isna(row["inscrits"]) else int(row["inscrits"])
    exprimes = None if pd.isna(row["exprimes"]) else int(row["exprimes"])
    if lower is not None:
        if given == lower:
            return None
        why = f"its departments add up to {fmt(lower)} votants"
        if inscrits is not None and inscrits - lower == given:
            why += (
                f", and {fmt(given)} = inscrits {fmt(inscrits)} − {fmt(lower)} is the "
                "number of abstentions"
            )
        return why, lower
    if exprimes is not None and given < exprimes:
        return (
            f"fewer votants than exprimés {fmt(exprimes)} (votants = blancs + nuls + exprimés)"
        ), None
    if inscrits is not None and given > inscrits:
        return f"more votants than inscrits {fmt(inscrits)}", None
    if exprimes is not None and (given - exprimes) > MAX_INVALID_SHARE * given:
        share = Fraction(100 * (given - exprimes), given)
        why = f"with exprimés {fmt(exprimes)}, blancs + nuls would be {round(share)} % of votants"
        if inscrits is not None and inscrits - given >= exprimes:
            why += (
                f"; inscrits − votants = {fmt(inscrits - given)} looks like the votants "
                "and the figure like the abstentions"
            )
        return why, None
    return None


def review_votants(
    areas: pd.DataFrame, round_: int, source: str, department_sums: Mapping[str, int]
) -> tuple[pd.DataFrame, tuple[VotantsReview, ...]]:
    """A copy of ``areas`` (``area``, ``place``, ``inscrits``, ``votants``, ``exprimes``)
    with the wrong ``votants`` replaced, and what was replaced.

    ``department_sums`` gives, for areas whose every department is in the store, the votants
    summed over them: a different figure is replaced by that sum. Otherwise a ``votants``
    below exprimés or above inscrits, or leaving more than a quarter of blancs and nuls, is
    stored as missing.

    >>> areas = pd.DataFrame({"area": ["region:32"], "place": ["region 32 Hauts-de-France"],
    ...     "inscrits": [4226927], "votants": [2838834], "exprimes": [1330428]})
    >>> fixed, [review] = review_votants(areas, 1, "f.json", {"region:32": 1388093})
    >>> int(fixed["votants"].iloc[0])
    1388093
    >>> print(review)  # doctest: +NORMALIZE_WHITESPACE
    region 32 Hauts-de-France, round 1: votants 2 838 834 in f.json cannot be right: its
    departments add up to 1 388 093 votants, and 2 838 834 = inscrits 4 226 927 − 1 388 093
    is the number of abstentions; stored 1 388 093 instead
    """
    out = areas.copy()
    out["votants"] = out["votants"].astype("Int64")
    reviews = []
    for i, row in out.iterrows():
        if pd.isna(row["votants"]):
            continue
        found = _why(row, department_sums.get(str(row["area"])))
        if found is None:
            continue
        why, kept = found
        out.at[i, "votants"] = pd.NA if kept is None else kept
        reviews.append(
            VotantsReview(
                str(row["area"]), str(row["place"]), round_, int(row["votants"]), kept, why, source
            )
        )
    return out, tuple(reviews)

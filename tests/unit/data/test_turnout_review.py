"""Wrong ``votants`` are never stored as given, nor replaced silently."""

from __future__ import annotations

import pandas as pd
import pytest

from ballottage.data.imports.turnout_review import review_votants

HDF = ("region:32", "region 32 Hauts-de-France")


def areas(inscrits: int | None, votants: int | None, exprimes: int | None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area": [HDF[0]],
            "place": [HDF[1]],
            "inscrits": pd.array([inscrits], dtype="Int64"),
            "votants": pd.array([votants], dtype="Int64"),
            "exprimes": pd.array([exprimes], dtype="Int64"),
        }
    )


def test_abstentions_given_as_votants_are_replaced_by_the_departments_sum() -> None:
    fixed, [review] = review_votants(
        areas(4226927, 2838834, 1330428), 1, "f.json", {HDF[0]: 1388093}
    )
    assert int(fixed["votants"].iloc[0]) == 1388093
    assert (review.given, review.stored, review.round) == (2838834, 1388093, 1)
    assert "region 32 Hauts-de-France, round 1: votants 2 838 834 in f.json" in str(review)
    assert "is the number of abstentions" in str(review)


def test_votants_agreeing_with_the_departments_are_kept() -> None:
    fixed, reviews = review_votants(areas(5403344, 1761218, 1713647), 1, "f", {HDF[0]: 1761218})
    assert reviews == () and int(fixed["votants"].iloc[0]) == 1761218


@pytest.mark.parametrize(
    ("inscrits", "votants", "exprimes", "why"),
    [
        (4226927, 1300000, 1330428, "fewer votants than exprimés 1 330 428"),
        (1000000, 1200000, 900000, "more votants than inscrits 1 000 000"),
        (
            4226927,
            2838834,
            1330428,
            "blancs + nuls would be 53 % of votants; inscrits − "
            "votants = 1 388 093 looks like the votants",
        ),
    ],
)
def test_without_departments_an_impossible_votants_is_stored_missing(
    inscrits: int, votants: int, exprimes: int, why: str
) -> None:
    fixed, [review] = review_votants(areas(inscrits, votants, exprimes), 1, "f.json", {})
    assert pd.isna(fixed["votants"].iloc[0])
    assert review.stored is None and why in str(review)
    assert str(review).endswith("stored as missing")


def test_plausible_or_missing_votants_are_left_alone() -> None:
    for row in (areas(316465, 116705, 106960), areas(None, None, 5), areas(None, 10, None)):
        fixed, reviews = review_votants(row, 2, "f", {})
        assert reviews == ()
        assert fixed["votants"].equals(row["votants"])

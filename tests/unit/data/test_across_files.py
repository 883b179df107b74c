"""Round-2 lists against totals, region by region (``checks.check_across_files``)."""

from __future__ import annotations

import pandas as pd
import pytest

from ballottage.data.sources.checks import MAX_BLANK_NULL, check_across_files
from ballottage.errors import InconsistentData


def frames(votes: list[int], **turnout: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    areas = pd.DataFrame(
        {
            "region": ["27"],
            **{
                c: pd.array([turnout.get(c)], dtype="Int64")
                for c in ("inscrits", "votants", "blancs", "nuls", "exprimes")
            },
        }
    )
    lists = pd.DataFrame({"region": ["27"] * len(votes), "votes": votes})
    return areas, lists


def check(votes: list[int], **turnout: int | None) -> None:
    check_across_files(*frames(votes, **turnout), "lists.csv", "totals.csv", 2)


def test_figures_that_agree_pass() -> None:
    check([600_000, 400_000], exprimes=1_000_000)
    check([600_000, 400_000], exprimes=1_000_900)  # within 0.1 %
    check([600_000, 400_000], votants=1_050_000, blancs=30_000, nuls=20_000)
    check([600_000, 400_000], votants=1_060_000)  # 5.7 % blank or null
    check([600_000, 400_000])  # nothing to compare with


def test_lists_short_of_exprimes_are_refused_with_both_figures() -> None:
    with pytest.raises(
        InconsistentData, match=r"add up to 402 in lists.csv, but exprimés are 1 000 000"
    ):
        check([402], exprimes=1_000_000)


def test_lists_blancs_nuls_against_votants() -> None:
    with pytest.raises(InconsistentData, match="but votants are 1 200 000 in totals.csv"):
        check([600_000, 400_000], votants=1_200_000, blancs=30_000, nuls=20_000)


def test_with_votants_alone_blank_null_must_be_credible() -> None:
    with pytest.raises(InconsistentData, match=r"leaves 99\.9% of votants blank or null"):
        check([1_000], votants=1_220_959)
    with pytest.raises(InconsistentData, match="votants are 900 000"):
        check([600_000, 400_000], votants=900_000)  # more list votes than voters
    too_many = int(1_000_000 / (1 - MAX_BLANK_NULL)) + 10_000
    with pytest.raises(InconsistentData, match="blank or null"):
        check([600_000, 400_000], votants=too_many)


def test_a_region_in_one_file_only_is_refused() -> None:
    areas, lists = frames([10], votants=11)
    lists = pd.concat([lists, pd.DataFrame({"region": ["93"], "votes": [5]})])
    with pytest.raises(InconsistentData, match="region 93 .* no row in totals.csv"):
        check_across_files(areas, lists, "lists.csv", "totals.csv", 2)
    with pytest.raises(InconsistentData, match="region 27 .* no list in lists.csv"):
        check_across_files(areas, lists[lists["region"] == "93"], "lists.csv", "totals.csv", 2)

"""Seat-distribution charts: one bar per seat count, the majority marked, the shape in words."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ballottage.errors import InvalidInput
from ballottage.report.seatchart import (
    majority_seats,
    peaks,
    seat_distribution,
    seat_distribution_svg,
)
from ballottage.simulation.montecarlo import ListOutlook


def test_one_bar_per_seat_count_reached_and_the_majority_line() -> None:
    histogram = [0] * 171
    histogram[40], histogram[41], histogram[95] = 10, 30, 60
    root = ET.fromstring(
        seat_distribution_svg("LE PEN", histogram, seats_total=170, colour="#7b4a24")
    )
    assert root.attrib["role"] == "img"
    assert len(list(root.iter("rect"))) == 3
    majority = [line for line in root.iter("line") if line.attrib.get("class") == "majority"]
    assert len(majority) == 1
    texts = "".join(root.itertext())
    assert "majority: 86" in texts and "170" in texts


def test_the_accessible_name_says_both_peaks_and_the_chance_of_a_majority() -> None:
    histogram = [0] * 171
    for seats in (38, 39, 40):
        histogram[seats] = 20
    for seats in (94, 95, 96):
        histogram[seats] = 80
    label = ET.fromstring(
        seat_distribution_svg("A", histogram, seats_total=170, colour="#1f6fd0")
    ).attrib["aria-label"]
    assert "two peaks, around 39 and 95 seats" in label
    assert "absolute majority (86 seats of 170) in 80.0\u00a0% of the draws" in label


def test_a_single_peak_says_none() -> None:
    assert peaks([0, 1, 5, 20, 6, 1, 0]) == [3]
    assert peaks([0, 0, 0]) == []


def test_names_and_colours_are_escaped() -> None:
    svg = seat_distribution_svg("A <&> B", [1, 1], seats_total=1, colour="#123")
    assert ET.fromstring(svg).attrib["aria-label"].startswith("A <&> B: seats over 2 draws")


@pytest.mark.parametrize(
    ("histogram", "seats"), [([1, 2, 3], 1), ([-1, 2], 1), ([0, 0], 1), ([1], 0)]
)
def test_bad_histograms_are_refused(histogram: list[int], seats: int) -> None:
    with pytest.raises(InvalidInput):
        seat_distribution_svg("A", histogram, seats_total=seats, colour="#123")


def test_outcomes_split_the_lead_into_with_and_without_a_majority() -> None:
    data = seat_distribution(
        [
            ListOutlook("B", 0.25, 0.05, 1.0, 0, 1, 2, (1, 2, 1, 0)),
            ListOutlook("A", 0.75, 0.5, 2.0, 1, 2, 3, (0, 1, 2, 1)),
        ],
        seats_total=3,
        draws=4,
        colours={"A": "#1f6fd0", "B": "#7b4a24"},
    )
    assert [o.list for o in data.outcomes] == ["A", "B"]  # the likeliest winner first
    a = data.outcomes[0]
    assert (a.majority, a.no_majority) == (0.5, 0.25)
    assert majority_seats(3) == data.majority == 2
    assert [c.name for c in data.charts] == ["B", "A"] and data.charts[1].peaks == (2,)

"""The hemicycle: one seat per council seat, groups left to right, bonus seats set apart."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from ballottage.errors import InvalidInput
from ballottage.report.hemicycle import BONUS_STROKE, HemicycleGroup, hemicycle_svg

# An illustrative 209-seat council (Île-de-France's size); the winning list's bonus is a quarter
# of the seats rounded up, 53 (art. L338 of the Code électoral).
IDF_2021 = (
    HemicycleGroup("Union de la gauche et des écologistes", 41, "#e4002b"),
    HemicycleGroup("Union de la droite et du centre", 133, "#0080c9", bonus_seats=53),
    HemicycleGroup("Rassemblement national", 35, "#0d378a"),
)


def group_elements(svg: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter("g") if "data-group" in g.attrib]


def test_one_circle_per_seat_in_the_seat_area() -> None:
    svg = hemicycle_svg(IDF_2021, title="Conseil régional d'Île-de-France")
    groups = group_elements(svg)
    assert [len(list(g.iter("circle"))) for g in groups] == [41, 133, 35]
    assert sum(len(list(g.iter("circle"))) for g in groups) == 209
    centres = {(c.attrib["cx"], c.attrib["cy"]) for g in groups for c in g.iter("circle")}
    assert len(centres) == 209  # no two seats on one spot


def test_groups_are_coloured_and_run_left_to_right() -> None:
    groups = group_elements(hemicycle_svg(IDF_2021, title="t"))
    assert [g.attrib["fill"] for g in groups] == ["#e4002b", "#0080c9", "#0d378a"]
    mean_x = [
        sum(float(c.attrib["cx"]) for c in g.iter("circle")) / len(list(g.iter("circle")))
        for g in groups
    ]
    assert mean_x == sorted(mean_x)


def test_bonus_seats_are_ringed_and_counted() -> None:
    groups = group_elements(hemicycle_svg(IDF_2021, title="t"))
    bonus = [b for g in groups for b in g.iter("g") if b.attrib.get("class") == "bonus"]
    assert len(bonus) == 1
    assert bonus[0].attrib["stroke"] == BONUS_STROKE
    assert len(list(bonus[0].iter("circle"))) == 53
    assert bonus[0] in list(groups[1])  # inside the winning list's group
    title = bonus[0].find("title")
    assert title is not None and title.text is not None and "53 sièges" in title.text


def test_accessible_title_and_per_group_tooltips() -> None:
    svg = hemicycle_svg(IDF_2021, title="Conseil régional d'Île-de-France")
    root = ET.fromstring(svg)
    assert root.tag == "svg"
    assert root.attrib["role"] == "img"
    label = root.attrib["aria-label"]  # the title, then every group's seats, for screen readers
    assert label.startswith("Conseil régional d'Île-de-France. Union de la gauche")
    assert "Rassemblement national : 35 sièges." in label
    assert root[0].tag == "title" and root[0].text == "Conseil régional d'Île-de-France"
    tips = [g.find("title") for g in group_elements(svg)]
    assert [t.text for t in tips if t is not None] == [
        "Union de la gauche et des écologistes : 41 sièges",
        "Union de la droite et du centre : 133 sièges, dont 53 sièges de prime majoritaire",
        "Rassemblement national : 35 sièges",
    ]
    legend = "".join(ET.fromstring(svg).itertext())
    assert "Rassemblement national : 35 sièges" in legend
    assert "209" in legend


def test_no_external_reference_and_no_prolog() -> None:
    svg = hemicycle_svg(IDF_2021, title="t")
    assert "http" not in svg
    assert "xmlns" not in svg
    assert svg.startswith("<svg ")


def test_labels_are_escaped() -> None:
    svg = hemicycle_svg([HemicycleGroup("A <&> B", 3, "#123")], title="x < y & z")
    root = ET.fromstring(svg)
    assert root.attrib["aria-label"] == "x < y & z. A <&> B : 3 sièges."
    assert "A <&> B : 3 sièges" in "".join(root.itertext())


def test_groups_without_seats_are_left_out() -> None:
    svg = hemicycle_svg(
        [HemicycleGroup("Divers", 0, "#999"), HemicycleGroup("Seule liste", 1, "#0080c9")],
        title="t",
    )
    assert len(group_elements(svg)) == 1
    assert "Divers" not in svg
    assert svg.count("<circle ") == 1


def test_a_council_without_seats_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at least one seat"):
        hemicycle_svg([HemicycleGroup("Divers", 0, "#999")], title="t")
    with pytest.raises(InvalidInput, match="at least one seat"):
        hemicycle_svg([], title="t")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seats": -1}, "at least 0"),
        ({"seats": 3, "bonus_seats": 4}, "between 0 and the group's seats"),
        ({"bonus_seats": -1}, "between 0"),
        ({"colour": "url(#x)"}, "CSS colour"),
        ({"colour": '"/><script>'}, "CSS colour"),
        ({"label": "  "}, "blank"),
    ],
)
def test_group_values_are_checked(kwargs: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {"label": "L", "seats": 5, "colour": "#abc", **kwargs}
    with pytest.raises(InvalidInput, match=message):
        HemicycleGroup(**fields)  # type: ignore[arg-type]


def test_group_is_frozen() -> None:
    group = HemicycleGroup("L", 5, "#abc")
    with pytest.raises(dataclasses.FrozenInstanceError):
        group.seats = 6  # type: ignore[misc]


@pytest.mark.parametrize("seats", [1, 2, 7, 63, 123, 209])
def test_every_council_size_fits_in_the_viewbox(seats: int) -> None:
    svg = hemicycle_svg([HemicycleGroup("L", seats, "#abc", bonus_seats=seats // 4)], title="t")
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    circles = list(root.iter("circle"))
    seat_circles = [c for g in group_elements(svg) for c in g.iter("circle")]
    assert len(seat_circles) == seats
    for c in circles:
        r = float(c.attrib["r"])
        assert r > 0
        assert r <= float(c.attrib["cx"]) <= width - r
        assert r <= float(c.attrib["cy"]) <= height - r

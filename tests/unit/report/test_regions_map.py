"""The region map: one path per region, colours and tooltips applied, outlines that are France."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from importlib.resources import files

import pytest

from ballottage.errors import InvalidInput, UnknownName
from ballottage.report.regions_map import (
    METROPOLITAN_REGIONS,
    NO_DATA_FILL,
    OVERSEAS_REGIONS,
    region_map_svg,
    region_names,
    region_outlines,
)

BUNDLED = files("ballottage").joinpath("bundled", "regions_2016.json")


def paths_by_code(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {p.attrib["data-region"]: p for p in root.iter("path")}


def points(d: str) -> set[tuple[int, int]]:
    nums = [int(v) for v in re.findall(r"-?\d+", d)]
    return set(zip(nums[::2], nums[1::2], strict=True))


def test_one_path_per_metropolitan_region_with_its_code() -> None:
    svg = region_map_svg({})
    root = ET.fromstring(svg)
    assert root.tag == "svg"
    assert root.attrib["role"] == "img"
    assert [p.attrib["data-region"] for p in root.iter("path")] == list(METROPOLITAN_REGIONS)
    assert "94" in paths_by_code(svg)  # Corsica is drawn


def test_label_is_the_title_and_aria_label() -> None:
    root = ET.fromstring(region_map_svg({}, label="Vainqueurs du second tour, 2021"))
    assert root.attrib["aria-label"] == "Vainqueurs du second tour, 2021"
    assert root[0].tag == "title"
    assert root[0].text == "Vainqueurs du second tour, 2021"


def test_fills_applied_and_grey_when_absent() -> None:
    paths = paths_by_code(region_map_svg({"11": "#0080c9", "53": "#e4002b"}))
    assert paths["11"].attrib["fill"] == "#0080c9"
    assert paths["53"].attrib["fill"] == "#e4002b"
    assert {paths[c].attrib["fill"] for c in METROPOLITAN_REGIONS if c not in ("11", "53")} == {
        NO_DATA_FILL
    }


def test_tooltip_is_the_title_given_else_the_region_name() -> None:
    paths = paths_by_code(region_map_svg({}, titles={"84": "Wauquiez <LR> & UDI : 55,2 %"}))
    title_84 = paths["84"].find("title")
    title_93 = paths["93"].find("title")
    assert title_84 is not None and title_84.text == "Wauquiez <LR> & UDI : 55,2 %"
    assert title_93 is not None and title_93.text == "Provence-Alpes-Côte d'Azur"


def test_marks_drawn_at_the_label_point_in_their_colour() -> None:
    root = ET.fromstring(region_map_svg({"76": "#e4002b"}, marks={"76": "#0d378a"}))
    marks = [g for g in root.iter("g") if "data-mark" in g.attrib]
    assert [g.attrib["data-mark"] for g in marks] == ["76"]
    fills = [c.attrib["fill"] for c in marks[0].iter("circle")]
    assert "#0d378a" in fills
    cx, cy = region_outlines()["76"].label_point
    assert {(c.attrib["cx"], c.attrib["cy"]) for c in marks[0].iter("circle")} == {
        (str(cx), str(cy))
    }


def test_overseas_insets_drawn_when_named_or_asked() -> None:
    assert len(paths_by_code(region_map_svg({"04": "#e4002b"}))) == 17
    assert len(paths_by_code(region_map_svg({}, overseas=True))) == 17
    assert len(paths_by_code(region_map_svg({"04": "#e4002b"}, overseas=False))) == 13
    root = ET.fromstring(region_map_svg({}, overseas=True))
    assert len(list(root.iter("rect"))) == len(OVERSEAS_REGIONS)


def test_no_external_reference() -> None:
    svg = region_map_svg({"11": "red"}, titles={"11": "x"}, marks={"11": "blue"}, overseas=True)
    assert "http" not in svg
    assert "xmlns" not in svg
    assert not svg.startswith("<?xml")


def test_unknown_region_code_is_refused() -> None:
    with pytest.raises(UnknownName, match="'99'"):
        region_map_svg({"99": "#000"})
    with pytest.raises(UnknownName, match="marks"):
        region_map_svg({}, marks={"6": "#000"})


@pytest.mark.parametrize("colour", ['red" onload="x', "url(#p)", "", "#12345"])
def test_a_fill_that_is_not_a_colour_is_refused(colour: str) -> None:
    with pytest.raises(InvalidInput, match="CSS colour"):
        region_map_svg({"11": colour})


def test_names_and_outlines_are_read_only() -> None:
    assert region_names()["11"] == "Île-de-France"
    assert region_names()["94"] == "Corse"
    with pytest.raises(TypeError):
        region_outlines()["11"] = region_outlines()["24"]  # type: ignore[index]


def test_bundled_file_is_small_and_inside_its_viewbox() -> None:
    raw = BUNDLED.read_bytes()
    assert len(raw) < 150_000
    data = json.loads(raw)
    _, _, width, height = data["viewBox"]
    assert set(data["regions"]) == set(METROPOLITAN_REGIONS) | set(OVERSEAS_REGIONS)
    for entry in data["regions"].values():
        pts = points(entry["d"])
        assert len(pts) >= 20
        assert all(0 <= x <= width and 0 <= y <= height for x, y in pts)


def test_outlines_lie_where_the_regions_are() -> None:
    label = {c: region_outlines()[c].label_point for c in METROPOLITAN_REGIONS}
    assert min(label, key=lambda c: label[c][1]) == "32"  # Hauts-de-France: northernmost
    assert min(label, key=lambda c: label[c][0]) == "53"  # Bretagne: westernmost
    assert max(label, key=lambda c: label[c][0]) == "94"  # Corse: easternmost
    assert max(label, key=lambda c: label[c][1]) == "94"  # and southernmost


def test_neighbours_share_their_border() -> None:
    # Île-de-France is landlocked: every vertex of its outline belongs to a neighbour's too,
    # which only holds if the regions were simplified on one shared topology.
    outline = region_outlines()
    idf = points(outline["11"].path)
    neighbours = set().union(*(points(outline[c].path) for c in ("32", "28", "24", "27", "44")))
    assert idf <= neighbours

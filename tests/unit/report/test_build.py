"""The HTML report of the stored elections: one offline file, 12 hemicycles and a map for 2015."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ballottage.cli import app
from ballottage.data import Store
from ballottage.elections.overview import election_overviews
from ballottage.errors import UnknownName
from ballottage.report.build import MAX_BYTES, build_report
from ballottage.report.palette import FAMILY_COLOURS

runner = CliRunner()


@pytest.fixture(scope="module")
def store(bundled_store: Store) -> Store:
    return bundled_store


@pytest.fixture(scope="module")
def html(report_2015: str) -> str:
    return report_2015


class _Tags(HTMLParser):
    """Every start tag with its attributes, and whether the document nests properly."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def svgs(html: str, css_class: str) -> list[ET.Element]:
    """The inline ``<svg class=...>`` elements, parsed as XML (they must be well formed)."""
    found = re.findall(rf'<svg class="{css_class}".*?</svg>', html, flags=re.DOTALL)
    return [ET.fromstring(s) for s in found]


def test_report_2015_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(
        app, ["report", "2015", "-o", str(out), "--db", str(tmp_path / "s.duckdb"), "--json"]
    )
    assert result.exit_code == 0, result.output
    said = json.loads(result.stdout)  # --json says what it wrote
    assert said == {
        "schema": 1,
        "output": str(out),
        "bytes": out.stat().st_size,
        "elections": ["regionales-2015"],
    }
    text = out.read_text(encoding="utf-8")
    assert out.stat().st_size < MAX_BYTES
    assert text.count('class="hemicycle"') == 12
    assert text.count('class="region-map"') == 1
    assert "http://" not in text and "https://" not in text


def test_twelve_hemicycles_for_the_mainland_councils(html: str) -> None:
    hemicycles = svgs(html, "hemicycle")
    assert len(hemicycles) == 12
    labels = [h.attrib["aria-label"] for h in hemicycles]
    hdf = next(label for label in labels if label.startswith("Hauts-de-France: 170 seats by list."))
    assert "BERTRAND Xavier: 116 seats, of which 43 seats majority bonus" in hdf
    assert not any(label.startswith("Corse") for label in labels)
    seats = [
        sum(1 for g in h.iter("g") if "data-group" in g.attrib for _ in g.iter("circle"))
        for h in hemicycles
    ]
    assert sum(seats) == 1671  # the 12 councils of table n° 7 (RULES.md)


def test_bonus_seats_are_set_apart_in_each_hemicycle(html: str) -> None:
    for svg in svgs(html, "hemicycle"):
        bonus = [g for g in svg.iter("g") if g.attrib.get("class") == "bonus"]
        assert len(bonus) == 1  # one winner per council


def test_hauts_de_france_is_coloured_by_family(html: str) -> None:
    (hdf,) = [h for h in svgs(html, "hemicycle") if h.attrib["aria-label"].startswith("Hauts")]
    groups = [g for g in hdf.iter("g") if "data-group" in g.attrib]
    fills = [g.attrib["fill"] for g in groups]
    assert fills == [FAMILY_COLOURS["right"], FAMILY_COLOURS["far-right"]]
    counts = [sum(1 for _ in g.iter("circle")) for g in groups]
    assert counts == [116, 54]
    bonus = next(g for g in hdf.iter("g") if g.attrib.get("class") == "bonus")
    assert sum(1 for _ in bonus.iter("circle")) == 43  # ceil(170 / 4), art. L338


def test_corsica_is_drawn_as_an_unchecked_bar(html: str) -> None:
    bars = svgs(html, "seat-bar")
    assert [b.attrib["aria-label"] for b in bars] == ["Corse: 51 seats by list"]
    assert "no published seats" in html


def test_one_map_winner_fill_and_leader_mark(html: str) -> None:
    (svg,) = svgs(html, "region-map")
    paths = {p.attrib["data-region"]: p.attrib["fill"] for p in svg.iter("path")}
    assert paths["32"] == FAMILY_COLOURS["right"]  # Bertrand won Hauts-de-France
    assert paths["76"] == FAMILY_COLOURS["left"]  # Delga won Occitanie
    marks = {
        g.attrib["data-mark"]: g.findall("circle")[1].attrib["fill"]
        for g in svg.iter("g")
        if "data-mark" in g.attrib
    }
    brown = FAMILY_COLOURS["far-right"]
    far_right_leads = sorted(c for c, colour in marks.items() if colour == brown)
    assert far_right_leads == ["24", "27", "32", "44", "76", "93"]


def test_no_reference_leaves_the_file(html: str) -> None:
    assert "http://" not in html and "https://" not in html
    for tag, attrs in tags(html):
        assert tag not in ("script", "link", "img", "iframe", "object")
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert "url(" not in html.replace("url(#hatch-", "")


def test_size_below_three_megabytes(report_all: str) -> None:
    assert len(report_all.encode("utf-8")) < MAX_BYTES


def test_summary_six_far_right_leads_and_no_win(store: Store, html: str) -> None:
    (election,) = election_overviews(store, "2015")
    far_right = election.summary.families["far-right"]
    assert (far_right.leads, far_right.wins) == (6, 0)
    assert election.summary.councils == 13
    assert election.summary.verified == 12
    assert 'data-family="far-right" data-kind="leads">6<' in html
    assert 'data-family="far-right" data-kind="wins">0<' in html


def test_withdrawals_and_sections_are_reported(store: Store, html: str) -> None:
    (election,) = election_overviews(store, "2015")
    regions = {r.code: r for r in election.regions}
    lineups = {code: r.lineup for code, r in regions.items() if r.lineup}
    assert lineups["32"].withdrew == ("DE SAINTIGNON Pierre",)
    assert lineups["93"].withdrew == ("CASTANER Christophe",)
    assert lineups["11"].withdrew == ()
    sections = {code: r.sections for code, r in regions.items() if r.sections}
    assert "L338-1" in str(sections["32"].missing)
    assert str(sections["94"].missing).startswith("this council is elected in a single")
    assert any(p.area.code == "69M" for p in sections["84"].published)
    assert regions["03"].council is None and regions["03"].missing


def test_every_stored_election_gets_a_section(store: Store, report_all: str) -> None:
    for election in store.elections():
        assert f'id="{election.id}"' in report_all


def test_tables_have_scoped_headers_and_svgs_titles(html: str) -> None:
    found = tags(html)
    headers = [attrs for tag, attrs in found if tag == "th"]
    assert headers and all(a.get("scope") in ("col", "row") for a in headers)
    for tag, attrs in found:
        if tag == "svg" and attrs.get("aria-hidden") != "true":  # a legend's key is decoration
            assert attrs.get("role") == "img" and attrs.get("aria-label")
    assert '<meta name="viewport"' in html


def test_an_unknown_election_is_refused(store: Store) -> None:
    with pytest.raises(UnknownName, match="1999"):
        build_report(store, "1999")


@pytest.fixture(scope="module")
def html_2021(report_all: str) -> str:
    return report_all  # 2015 and 2021


def test_readers_see_titles_not_ids(html: str, html_2021: str) -> None:
    for page in (html, html_2021):
        assert "rules regionales-2015" not in page
        assert "Regional councils (2015 and 2021)" in page
    assert '<h2 id="regionales-2015-title">Regional elections 2015</h2>' in html
    assert ">Regional elections 2021</a>" in html_2021  # the contents


def test_notes_only_where_they_say_something(html: str, html_2021: str) -> None:
    for page in (html, html_2021):
        assert "Missing: this council is elected in a single constituency" not in page
        assert "1 departmental sections" not in page
    assert "(1 departmental section, art. L338-1)" in html_2021  # Guadeloupe, La Réunion
    assert "(5 departmental sections, art. L338-1)" in html


def test_french_names_are_marked_french_in_an_english_page(html: str) -> None:
    assert '<html lang="en">' in html
    assert '<span lang="fr">LE PEN Marine</span>' in html
    assert '<span lang="fr">Hauts-de-France</span>' in html
    assert '<a href="#regionales-2015-32" lang="fr">Hauts-de-France</a>' in html


def test_the_map_names_each_region_and_its_legend_says_fill_and_dot(html: str) -> None:
    (region_map,) = svgs(html, "region-map")
    labels = {t.attrib["data-label"]: t.text for t in region_map.iter("text")}
    assert labels["32"] == "HDF" and labels["93"] == "PACA" and len(labels) >= 13
    assert "Hauts-de-France: round 1 led by LE PEN Marine" in region_map.attrib["aria-label"]
    assert "Fill: the family that <strong>won round 2</strong>" in html
    assert "Dot: the family whose list <strong>led round 1</strong>" in html


def test_a_seat_chart_per_list_where_a_qualified_list_withdrew(html: str) -> None:
    assert 'id="regionales-2015-32-whatif"' in html
    block = html.split('id="regionales-2015-32-whatif"', 1)[1].split("</div>", 1)[0]
    assert block.count('<svg class="seat-chart"') == 3
    assert 'What if <span lang="fr">DE SAINTIGNON Pierre</span> had stayed' in block
    charts = svgs(html, "seat-chart")
    assert all(
        c.attrib["role"] == "img" and "absolute majority" in c.attrib["aria-label"] for c in charts
    )

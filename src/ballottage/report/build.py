"""The HTML report: plain data (:mod:`ballottage.report.data`) through Jinja2 templates.

One self-contained file: CSS and SVG inline, no script, no external reference, so it opens
offline. Each regional council is drawn as a hemicycle (its caption says whether the seats match
published ones); other assemblies, and seats that differ from the published ones, as a bar.

>>> from ballottage.data import Store
>>> with Store(":memory:") as store:
...     _ = store.load_bundled()
...     html = build_report(store, "2015")
>>> html.count('class="hemicycle"'), html.count('class="region-map"'), "https://" in html
(12, 1, False)
>>> html.count('class="missing transfers-note"'), html.count('class="heatmap"')
(1, 0)
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ballottage import __version__
from ballottage.data.store import Store
from ballottage.plain import Plain
from ballottage.report.data import report_data, without_scheme
from ballottage.report.heatmap import transfer_heatmap
from ballottage.report.hemicycle import HemicycleGroup, hemicycle_svg
from ballottage.report.names import election_title, plural, rules_title
from ballottage.report.palette import FAMILY_COLOURS, FAMILY_LABELS
from ballottage.report.regions_map import region_map_svg, region_outlines
from ballottage.report.seatbar import seat_bar_svg
from ballottage.report.whatif import add_whatifs

MAX_BYTES = 3_000_000
"""The report must stay below this size (it is mailed and opened offline)."""


def count(value: int | None) -> str:
    """A whole number with thin spaces between thousands (``1 629 410``); ``—`` if unknown.

    >>> count(1629410), count(None)
    ('1\\u202f629\\u202f410', '—')
    """
    return "—" if value is None else f"{value:,}".replace(",", "\u202f")


def pct(value: float | None, places: int = 2) -> str:
    """A share as a percentage (``40.64 %``); ``—`` if unknown.

    >>> pct(0.40644), pct(None)
    ('40.64\\xa0%', '—')
    """
    return "—" if value is None else f"{100 * value:.{places}f}\u00a0%"


def _groups(council: Plain) -> list[HemicycleGroup]:
    return [
        HemicycleGroup(item["name"], item["seats"], item["colour"], item["bonus"])
        for item in council["lists"]
    ]


def council_svg(region: Plain) -> Markup:
    """The hemicycle of a regional council, else (other assemblies, or computed seats that
    differ from the published ones) its seats as a bar."""
    council = region["council"]
    title = f"{region['name']}: {council['seats_total']} seats by list"
    if council["regional"] and council["status"] != "mismatch":
        return Markup(hemicycle_svg(_groups(council), title=title, lang="en"))
    return Markup(seat_bar_svg(_groups(council), title=title, key=region["anchor"]))


def map_svg(election: Plain) -> Markup:
    """The regions coloured by the round-2 winner's family, a dot for the round-1 leader's,
    each named by its abbreviation (its tooltip gives its name, leader and winner)."""
    known = region_outlines()
    fills: dict[str, str] = {}
    marks: dict[str, str] = {}
    titles: dict[str, str] = {}
    labels: dict[str, str] = {}
    for region in election["regions"]:
        code = region["code"]
        if code not in known or region["round1"] is None or region["round1"]["leader"] is None:
            continue
        leader = region["round1"]["leader"]
        marks[code] = leader["colour"]
        labels[code] = region["abbreviation"] or region["name"]
        text = f"{region['name']}: round 1 led by {leader['name']} ({leader['family_label']})"
        council = region["council"]
        if council is not None:
            winner = next(i for i in council["lists"] if i["name"] == council["bonus"]["list"])
            fills[code] = winner["colour"]
            text += f"; won by {winner['name']} ({winner['family_label']})"
        else:
            text += "; no round-2 result in the data"
        titles[code] = text
    label = (
        f"Map of the regions, {election_title(election)}: each region filled with the colour of "
        "the family that won round 2, a dot with the colour of the family that led round 1. "
        + " ".join(f"{t}." for t in titles.values())
    )
    return Markup(region_map_svg(fills, titles=titles, marks=marks, labels=labels, label=label))


def heatmap(estimate: Plain) -> Markup:
    """The heat-map of a region's estimated transfers (:mod:`ballottage.report.heatmap`)."""
    return Markup(transfer_heatmap(estimate))


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("ballottage", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        count=count,
        pct=pct,
        noscheme=without_scheme,
        rules_title=rules_title,
        plural=plural,
        election_title=election_title,
    )
    env.globals.update(
        council_svg=council_svg,
        map_svg=map_svg,
        heatmap=heatmap,
        family_colours=FAMILY_COLOURS,
        family_labels=FAMILY_LABELS,
    )
    return env


def templates() -> Environment:
    """The project's Jinja2 templates (``ballottage/templates``), with the report's filters."""
    return _environment()


def render_report(data: Plain, *, generated: date | None = None) -> str:
    """The report's HTML from its plain data."""
    context: dict[str, Any] = {
        "data": data,
        "version": __version__,
        "generated": (generated or date.today()).isoformat(),
    }
    return _environment().get_template("report.html.j2").render(context)


def build_report(store: Store, which: str = "all", *, generated: date | None = None) -> str:
    """The report of the elections ``which`` selects (``all``, an id or a year), with a
    simulation wherever a list that could stand in round 2 did not (what if it had stayed?)."""
    data = report_data(store, which)
    add_whatifs(store, data)
    return render_report(data, generated=generated)

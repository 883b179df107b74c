"""The HTML report: the elections' overviews (:mod:`ballottage.elections.overview`) through
Jinja2 templates, which read their attributes.

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

from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ballottage import __version__
from ballottage.data.store import Store
from ballottage.elections.council import CouncilCheck, CouncilSeats
from ballottage.elections.overview import (
    ElectionOverview,
    RegionOverview,
    election_overviews,
)
from ballottage.elections.rows import ListRow
from ballottage.elections.summary import FamilyTally, Summary
from ballottage.elections.transfers import RegionTransfers
from ballottage.register import NOTE as REGISTER_NOTE
from ballottage.report.heatmap import category_label, transfer_heatmap
from ballottage.report.hemicycle import HemicycleGroup, hemicycle_svg
from ballottage.report.names import election_title, plural, without_scheme
from ballottage.report.palette import (
    FAMILY_COLOURS,
    FAMILY_LABELS,
    SPECTRUM,
    family_colour,
    family_label,
    spectrum_rank,
)
from ballottage.report.regions_map import region_map_svg, region_outlines
from ballottage.report.seatbar import seat_bar_svg
from ballottage.report.seatchart import SeatDistribution, seat_distribution
from ballottage.report.transfers import transfers_note

MAX_BYTES = 3_000_000
"""The report must stay below this size (it is mailed and opened offline)."""


def count(value: int | None) -> str:
    """A whole number with thin spaces between thousands (``1 629 410``); ``—`` if unknown.

    >>> count(1629410), count(None)
    ('1\\u202f629\\u202f410', '—')
    """
    return "—" if value is None else f"{value:,}".replace(",", "\u202f")


def pct(value: float | Fraction | None, places: int = 2) -> str:
    """A share as a percentage (``40.64 %``); ``—`` if unknown.

    >>> pct(0.40644), pct(Fraction(1, 10), 0), pct(None)
    ('40.64\\xa0%', '10\\xa0%', '—')
    """
    return "—" if value is None else f"{100 * float(value):.{places}f}\u00a0%"


def in_spectrum(rows: Iterable[ListRow]) -> list[ListRow]:
    """Council rows from left to right (hemicycle order), then by votes and name."""
    return sorted(rows, key=lambda row: (spectrum_rank(row.family), -row.votes, row.name))


def families(summary: Summary) -> list[FamilyTally]:
    """The families of a summary in the palette's left-to-right order."""
    return [summary.families[key] for key in SPECTRUM if key in summary.families]


def _groups(council: CouncilSeats) -> list[HemicycleGroup]:
    return [
        HemicycleGroup(row.name, row.seats or 0, family_colour(row.family), row.bonus or 0)
        for row in in_spectrum(council.lists)
    ]


def council_svg(region: RegionOverview) -> Markup:
    """The hemicycle of a regional council, else (other assemblies, or computed seats that
    differ from the published ones) its seats as a bar."""
    council = region.council
    assert council is not None
    title = f"{region.name}: {council.seats_total} seats by list"
    if council.regional and council.status is not CouncilCheck.MISMATCH:
        return Markup(hemicycle_svg(_groups(council), title=title, lang="en"))
    return Markup(seat_bar_svg(_groups(council), title=title, key=region.anchor))


def _winner(council: CouncilSeats) -> ListRow:
    return next(row for row in council.lists if row.name == council.bonus.list)


def map_svg(election: ElectionOverview) -> Markup:
    """The regions coloured by the round-2 winner's family, a dot for the round-1 leader's,
    each named by its abbreviation (its tooltip gives its name, leader and winner)."""
    known = region_outlines()
    fills: dict[str, str] = {}
    marks: dict[str, str] = {}
    titles: dict[str, str] = {}
    labels: dict[str, str] = {}
    for region in election.regions:
        code = region.code
        leader = region.round1.leader if region.round1 else None
        if code not in known or leader is None:
            continue
        marks[code] = family_colour(leader.family)
        labels[code] = region.abbreviation or region.name
        text = f"{region.name}: round 1 led by {leader.name} ({family_label(leader.family)})"
        if region.council is not None:
            winner = _winner(region.council)
            fills[code] = family_colour(winner.family)
            text += f"; won by {winner.name} ({family_label(winner.family)})"
        else:
            text += "; no round-2 result in the data"
        titles[code] = text
    label = (
        f"Map of the regions, {election_title(election.id, election.year)}: each region filled "
        "with the colour of the family that won round 2, a dot with the colour of the family "
        "that led round 1. " + " ".join(f"{t}." for t in titles.values())
    )
    return Markup(region_map_svg(fills, titles=titles, marks=marks, labels=labels, label=label))


def heatmap(transfers: RegionTransfers) -> Markup:
    """The heat-map of a region's estimated transfers (:mod:`ballottage.report.heatmap`)."""
    return Markup(
        transfer_heatmap(
            transfers.estimate,
            region=transfers.region,
            election=transfers.election,
            unit_level=transfers.unit_level,
        )
    )


def distribution(region: RegionOverview) -> SeatDistribution | None:
    """The seat charts of the region's what-if simulation, if it ran."""
    if region.whatif is None or region.whatif.summary is None or region.round1 is None:
        return None
    summary = region.whatif.summary
    colours = {row.name: family_colour(row.family) for row in region.round1.lists}
    return seat_distribution(
        summary.lists, seats_total=summary.seats, draws=summary.draws, colours=colours
    )


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
        plural=plural,
        colour=family_colour,
        family_label=family_label,
        category=category_label,
        in_spectrum=in_spectrum,
    )
    env.globals.update(
        council_svg=council_svg,
        map_svg=map_svg,
        heatmap=heatmap,
        distribution=distribution,
        transfers_note=transfers_note,
        families=families,
        election_title=election_title,
        register_note=REGISTER_NOTE,
        family_colours=FAMILY_COLOURS,
        family_labels=FAMILY_LABELS,
    )
    return env


def templates() -> Environment:
    """The project's Jinja2 templates (``ballottage/templates``), with the report's filters."""
    return _environment()


def render_report(elections: Sequence[ElectionOverview], *, generated: date | None = None) -> str:
    """The report's HTML from the elections' overviews."""
    context: dict[str, object] = {
        "elections": elections,
        "version": __version__,
        "generated": (generated or date.today()).isoformat(),
    }
    return _environment().get_template("report.html.j2").render(context)


def build_report(store: Store, which: str = "all", *, generated: date | None = None) -> str:
    """The report of the elections ``which`` selects (``all``, an id or a year), with a
    simulation wherever a list that could stand in round 2 did not (what if it had stayed?)."""
    return render_report(election_overviews(store, which, whatifs=True), generated=generated)

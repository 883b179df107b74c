"""The map of France's regions (INSEE 2016 codes) as one inline SVG, coloured per region.

The outlines come from ``ballottage/bundled/regions_2016.json`` (see its PROVENANCE file and
``scripts/derive_region_outlines.py``): already projected and simplified, in a fixed viewBox.
Rendering is pure: mappings in, one ``<svg>`` string out, with no external reference.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import files
from types import MappingProxyType

from ballottage.errors import InvalidInput, UnknownName

__all__ = [
    "METROPOLITAN_REGIONS",
    "NO_DATA_FILL",
    "OVERSEAS_REGIONS",
    "RegionOutline",
    "region_map_svg",
    "region_names",
    "region_outlines",
]

METROPOLITAN_REGIONS = (
    "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94",
)  # fmt: skip
"""The 13 metropolitan regions since 1 January 2016, Corsica (94) included."""

OVERSEAS_REGIONS = ("01", "02", "03", "04")
"""Guadeloupe, Martinique, Guyane, La Réunion: drawn as insets, not to scale."""

NO_DATA_FILL = "#d0d0d0"
"""Fill of a region that ``fills`` leaves out."""

_EMPTY: Mapping[str, str] = MappingProxyType({})
_COLOUR = re.compile(
    r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})"
    r"|[a-zA-Z]{3,20}"
    r"|(?:rgba?|hsla?)\([0-9.,%\s/+-]+\)"
)


@dataclass(frozen=True)
class RegionOutline:
    """One region as drawn: SVG path data in the map's viewBox, and where its marker goes.

    ``inset`` is the ``(x, y, width, height)`` box an overseas region is drawn in, else None.
    """

    code: str
    name: str
    path: str
    label_point: tuple[int, int]
    inset: tuple[int, int, int, int] | None = None


@dataclass(frozen=True)
class _Outlines:
    view_box: tuple[int, int, int, int]
    regions: Mapping[str, RegionOutline]


@cache
def _load() -> _Outlines:
    raw = json.loads(
        files("ballottage").joinpath("bundled", "regions_2016.json").read_text(encoding="utf-8")
    )
    regions = {
        code: RegionOutline(
            code=code,
            name=entry["name"],
            path=entry["d"],
            label_point=(entry["label"][0], entry["label"][1]),
            inset=tuple(entry["inset"]) if "inset" in entry else None,
        )
        for code, entry in raw["regions"].items()
    }
    x, y, w, h = raw["viewBox"]
    return _Outlines(view_box=(x, y, w, h), regions=MappingProxyType(regions))


def region_outlines() -> Mapping[str, RegionOutline]:
    """Every bundled region outline, by INSEE code (metropolitan ones, then overseas insets).

    >>> outlines = region_outlines()
    >>> outlines["94"].name, outlines["94"].inset is None
    ('Corse', True)
    """
    return _load().regions


def region_names() -> Mapping[str, str]:
    """Region name by INSEE 2016 code, as the bundled outlines spell it.

    >>> region_names()["84"]
    'Auvergne-Rhône-Alpes'
    """
    return MappingProxyType({code: r.name for code, r in _load().regions.items()})


def _check_codes(field: str, codes: Mapping[str, str]) -> None:
    known = _load().regions
    for code in codes:
        if code not in known:
            raise UnknownName(f"region code (in {field})", code, sorted(known))


def _colour(field: str, value: str) -> str:
    if not _COLOUR.fullmatch(value):
        raise InvalidInput(field, value, "must be a CSS colour: #rgb, #rrggbb, a name or rgb(...)")
    return value


def _region_path(
    region: RegionOutline, code: str, fills: Mapping[str, str], titles: Mapping[str, str]
) -> list[str]:
    """A region's outline (and the box of its inset, for an overseas region)."""
    out = []
    if region.inset is not None:
        x, y, w, h = region.inset
        out.append(
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="none" '
            f'stroke="#9a9a9a" stroke-width="0.8"/>'
        )
    fill = fills.get(code, NO_DATA_FILL)
    tip = escape(titles.get(code, region.name))
    out.append(
        f'<path data-region="{code}" fill="{escape(fill)}" d="{region.path}">'
        f"<title>{tip}</title></path>"
    )
    return out


def _mark(region: RegionOutline, code: str, colour: str) -> str:
    """A dot of ``colour`` at the region's label point."""
    cx, cy = region.label_point
    r = 7 if region.inset is not None else 9
    return (
        f'<g data-mark="{code}" pointer-events="none">'
        f'<circle cx="{cx}" cy="{cy}" r="{r + 2.5}" fill="#222222"/>'
        f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{escape(colour)}" '
        f'stroke="#ffffff" stroke-width="2.5"/></g>'
    )


def _label(region: RegionOutline, code: str, text: str, marked: bool) -> str:
    """The region's short name, below its dot (or under its inset's box: the island is small)."""
    cx, cy = region.label_point
    if region.inset is not None:
        x, y, w, h = region.inset
        cx, cy, size = x + w // 2, y + h - 5, 20
    else:
        cy, size = cy + (9 + 30 if marked else 10), 28
    return f'<text data-label="{code}" x="{cx}" y="{cy}" font-size="{size}">{escape(text)}</text>'


def _checked(
    fills: Mapping[str, str],
    titles: Mapping[str, str],
    marks: Mapping[str, str],
    labels: Mapping[str, str],
    overseas: bool | None,
) -> bool:
    """Check the codes and colours; whether to draw the overseas regions."""
    for field, mapping in (
        ("fills", fills),
        ("titles", titles),
        ("marks", marks),
        ("labels", labels),
    ):
        _check_codes(field, mapping)
    for field, mapping in (("fills", fills), ("marks", marks)):
        for code, value in mapping.items():
            _colour(f"{field}[{code!r}]", value)
    if overseas is None:
        overseas = any(c in m for m in (fills, titles, marks) for c in OVERSEAS_REGIONS)
    return overseas


def region_map_svg(
    fills: Mapping[str, str],
    *,
    titles: Mapping[str, str] = _EMPTY,
    marks: Mapping[str, str] = _EMPTY,
    labels: Mapping[str, str] = _EMPTY,
    label: str = "Carte des régions de France",
    overseas: bool | None = None,
) -> str:
    """One inline ``<svg role="img">`` map: a ``<path data-region=CODE>`` per region.

    ``fills`` gives a region's fill colour (``NO_DATA_FILL`` when absent); ``titles`` its tooltip
    (the region's name when absent); ``marks`` the colour of a dot drawn at its label point;
    ``labels`` a short name written on the map next to that point (``<text data-label=CODE>``).
    Keys are INSEE 2016 region codes. ``overseas`` draws the four overseas regions as insets; by
    default they are drawn when one of the mappings names one of them.

    >>> svg = region_map_svg({"11": "#e41a1c"}, marks={"11": "#377eb8"})
    >>> svg.count("<path "), svg.count('fill="#e41a1c"'), svg.count("data-mark=")
    (13, 1, 1)
    """
    overseas = _checked(fills, titles, marks, labels, overseas)
    codes = METROPOLITAN_REGIONS + (OVERSEAS_REGIONS if overseas else ())

    outlines = _load()
    view_box = " ".join(str(v) for v in outlines.view_box)
    text = escape(label)
    out = [
        f'<svg class="region-map" viewBox="{view_box}" role="img" aria-label="{text}">',
        f"<title>{text}</title>",
        '<g stroke="#ffffff" stroke-width="1.2" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    for code in codes:
        out.extend(_region_path(outlines.regions[code], code, fills, titles))
    out.append("</g>")
    out.extend(_mark(outlines.regions[code], code, marks[code]) for code in codes if code in marks)
    out.append(
        '<g font-family="sans-serif" font-weight="bold" text-anchor="middle" fill="#1d2433" '
        'stroke="#ffffff" stroke-width="4" paint-order="stroke" pointer-events="none">'
    )
    out.extend(
        _label(outlines.regions[code], code, labels[code], code in marks)
        for code in codes
        if code in labels
    )
    out.append("</g></svg>")
    return "".join(out)

"""A council's seats as an inline SVG hemicycle, the majority-bonus seats set apart.

Seat positions come from ``parliamentarch`` (rows, seats per row, and their order from left to
right); this module only writes the SVG: one ``<circle>`` per seat, grouped per list with a
``<title>`` tooltip, bonus seats ringed in a dark stroke, and a legend below.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from parliamentarch.geometry import get_nrows_from_nseats, get_row_thickness, get_seats_centers
from parliamentarch.svg import dispatch_seats

from ballottage.errors import InvalidInput

__all__ = ["BONUS_STROKE", "HemicycleGroup", "hemicycle_svg"]

BONUS_STROKE = "#1a1a1a"
"""Colour of the ring drawn around a majority-bonus seat."""

_COLOUR = re.compile(
    r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})"
    r"|[a-zA-Z]{3,20}"
    r"|(?:rgba?|hsla?)\([0-9.,%\s/+-]+\)"
)
_CANVAS = 200.0  # height of the hemicycle, half its width (parliamentarch's 2:1 canvas)
_MARGIN = 6.0
_SEAT_RADIUS_FACTOR = 0.8  # parliamentarch's default: seats of a packed row nearly touch
_LEGEND_ROW = 20.0
_LEGEND_SUBROW = 15.0  # the "of which bonus" line under a group that has bonus seats
_LEGEND_CHARS = 46  # longer labels are cut in the legend (the tooltip keeps them whole)
_FONT = "font-family:sans-serif"


@dataclass(frozen=True)
class HemicycleGroup:
    """One list (or family) in the council: its seats, of which ``bonus_seats`` are the bonus.

    >>> HemicycleGroup("Union de la droite", 121, "#0055a4", bonus_seats=51).bonus_seats
    51
    """

    label: str
    seats: int
    colour: str
    bonus_seats: int = 0

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise InvalidInput("label", self.label, "must not be blank")
        if self.seats < 0:
            raise InvalidInput(f"{self.label}: seats", self.seats, "must be at least 0")
        if not 0 <= self.bonus_seats <= self.seats:
            raise InvalidInput(
                f"{self.label}: bonus_seats",
                self.bonus_seats,
                f"must be between 0 and the group's seats ({self.seats})",
            )
        if not _COLOUR.fullmatch(self.colour):
            raise InvalidInput(
                f"{self.label}: colour",
                self.colour,
                "must be a CSS colour: #rgb, #rrggbb, a name or rgb(...)",
            )


_WORDS = {
    "fr": {
        "seat": "siège",
        "seats": "sièges",
        "sep": " : ",
        "ringed": "sièges cerclés",
        "bonus": "dont {n} de prime majoritaire",
    },
    "en": {
        "seat": "seat",
        "seats": "seats",
        "sep": ": ",
        "ringed": "ringed seats",
        "bonus": "of which {n} majority bonus",
    },
}
"""The legend's and tooltips' words, per ``lang`` of :func:`hemicycle_svg`."""


def _seats_word(n: int, lang: str = "fr") -> str:
    words = _WORDS[lang]
    return f"{n} {words['seat']}" if n == 1 else f"{n} {words['seats']}"


def _bonus_text(group: HemicycleGroup, lang: str = "fr") -> str:
    return _WORDS[lang]["bonus"].format(n=_seats_word(group.bonus_seats, lang))


def _group_text(group: HemicycleGroup, lang: str = "fr") -> str:
    text = f"{group.label}{_WORDS[lang]['sep']}{_seats_word(group.seats, lang)}"
    return f"{text}, {_bonus_text(group, lang)}" if group.bonus_seats else text


def _short(label: str) -> str:
    return label if len(label) <= _LEGEND_CHARS else label[: _LEGEND_CHARS - 1].rstrip() + "…"


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _circle(x: float, y: float, r: float) -> str:
    cx = _MARGIN + _CANVAS * x
    cy = _MARGIN + _CANVAS * (1 - y)
    return f'<circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="{_fmt(r)}"/>'


def _group_svg(
    index: int,
    group: HemicycleGroup,
    seats: Sequence[tuple[float, float]],
    radius: float,
    lang: str,
) -> list[str]:
    """One group's seats: a ``<g>`` of circles, its bonus seats ringed in a nested ``<g>``."""
    ring = radius * 0.32
    bonus, plain = seats[: group.bonus_seats], seats[group.bonus_seats :]
    out = [
        f'<g data-group="{index}" fill="{escape(group.colour)}">',
        f"<title>{escape(_group_text(group, lang))}</title>",
    ]
    out.extend(_circle(x, y, radius) for x, y in plain)
    if bonus:
        out.append(
            f'<g class="bonus" stroke="{BONUS_STROKE}" stroke-width="{_fmt(ring)}">'
            f"<title>{escape(group.label)}{_WORDS[lang]['sep']}"
            f"{escape(_bonus_text(group, lang))}</title>"
        )
        out.extend(_circle(x, y, radius - ring / 2) for x, y in bonus)
        out.append("</g>")
    out.append("</g>")
    return out


def _legend_row(group: HemicycleGroup, y: float, lang: str) -> str:
    """One legend line: the group's swatch, name and seats, then its bonus seats if any."""
    swatch = f'fill="{escape(group.colour)}"'
    if group.bonus_seats:
        swatch += f' stroke="{BONUS_STROKE}" stroke-width="2"'
    row = (
        f'<rect x="{_fmt(_MARGIN)}" y="{_fmt(y)}" width="14" height="14" rx="2" {swatch}/>'
        f'<text x="{_fmt(_MARGIN + 22)}" y="{_fmt(y + 12)}">'
        f"{escape(_short(group.label))}{_WORDS[lang]['sep']}"
        f"{_seats_word(group.seats, lang)}</text>"
    )
    if group.bonus_seats:
        row += (
            f'<rect x="{_fmt(_MARGIN + 24.5)}" y="{_fmt(y + 22)}" width="9" height="9" '
            f'rx="4.5" fill="{escape(group.colour)}" stroke="{BONUS_STROKE}" stroke-width="2"/>'
            f'<text x="{_fmt(_MARGIN + 40)}" y="{_fmt(y + 22 + 9)}" style="font-size:11px">'
            f"{escape(_bonus_text(group, lang))} ({_WORDS[lang]['ringed']})</text>"
        )
    return row


def hemicycle_svg(groups: Sequence[HemicycleGroup], *, title: str, lang: str = "fr") -> str:
    """One inline ``<svg role="img">`` hemicycle; ``groups`` go from left to right.

    ``lang`` (``fr`` or ``en``) is the language of the legend and tooltips.

    Each group is a ``<g data-group=INDEX>`` of circles with its ``<title>``; its bonus seats
    are a nested ``<g class="bonus">``, ringed in ``BONUS_STROKE``. Every ``<circle>`` is a seat;
    a legend below lists the groups.

    >>> svg = hemicycle_svg(
    ...     [HemicycleGroup("Gauche", 20, "#e4002b"), HemicycleGroup("Droite", 37, "#0055a4", 14)],
    ...     title="Conseil de 57 sièges",
    ... )
    >>> svg.count("<circle "), svg.count('class="bonus"')
    (57, 1)
    """
    if lang not in _WORDS:
        raise InvalidInput("lang", lang, f"must be one of {', '.join(_WORDS)}")
    shown = [g for g in groups if g.seats > 0]
    total = sum(g.seats for g in shown)
    if total == 0:
        raise InvalidInput("groups", [g.label for g in groups], "must hold at least one seat")

    centres = get_seats_centers(total)
    left_to_right = sorted(centres, key=centres.__getitem__, reverse=True)
    by_group = dispatch_seats({i: g.seats for i, g in enumerate(shown)}, left_to_right)
    radius = _SEAT_RADIUS_FACTOR * get_row_thickness(get_nrows_from_nseats(total)) * _CANVAS

    width = 2 * _CANVAS + 2 * _MARGIN
    legend_top = _MARGIN + _CANVAS + 14
    rows = [legend_top]
    for group in shown:
        rows.append(rows[-1] + _LEGEND_ROW + (_LEGEND_SUBROW if group.bonus_seats else 0))
    height = rows[-1] + _MARGIN
    text = escape(title)
    spoken = escape(f"{title}. " + "; ".join(_group_text(g, lang) for g in shown) + ".")
    out = [
        f'<svg class="hemicycle" viewBox="0 0 {_fmt(width)} {_fmt(height)}" role="img" '
        f'aria-label="{spoken}">',
        f"<title>{text}</title>",
    ]

    for i, group in enumerate(shown):
        out.extend(_group_svg(i, group, by_group[i], radius, lang))
    out.append(
        f'<text x="{_fmt(_MARGIN + _CANVAS)}" y="{_fmt(_MARGIN + _CANVAS - 4)}" '
        f'text-anchor="middle" style="{_FONT};font-size:40px;font-weight:bold">{total}</text>'
    )
    out.append(f'<g class="legend" style="{_FONT};font-size:13px">')
    out.extend(_legend_row(group, y, lang) for group, y in zip(shown, rows, strict=False))
    out.append("</g></svg>")
    return "".join(out)

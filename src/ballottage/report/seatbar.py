"""Seats computed but not checked against published ones, drawn as one stacked bar.

The report draws a hemicycle only for a council whose published seats the law's computation
reproduces; a council the data cannot check (no published seats) is drawn as this bar instead,
so that a reader sees the difference at a glance.

>>> from ballottage.report.hemicycle import HemicycleGroup
>>> svg = seat_bar_svg([HemicycleGroup("A", 30, "#1f6fd0", 9), HemicycleGroup("B", 21, "#8e44ad")],
...                    title="51 seats", key="demo")
>>> svg.count("<rect "), svg.count("url(#hatch-demo)")
(4, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ballottage.errors import InvalidInput
from ballottage.report.hemicycle import BONUS_STROKE, HemicycleGroup

_WIDTH = 400.0
_HEIGHT = 28.0


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def seat_bar_svg(groups: Sequence[HemicycleGroup], *, title: str, key: str) -> str:
    """One ``<svg class="seat-bar" role="img">``: a segment per group, its bonus hatched.

    ``key`` makes the hatch pattern's id unique in the page (``hatch-KEY``).
    """
    if not key.replace("-", "").isalnum():
        raise InvalidInput("key", key, "must be letters, digits and dashes (an HTML id)")
    shown = [g for g in groups if g.seats > 0]
    total = sum(g.seats for g in shown)
    if total == 0:
        raise InvalidInput("groups", [g.label for g in groups], "must hold at least one seat")
    text = escape(title)
    out = [
        f'<svg class="seat-bar" viewBox="0 0 {_fmt(_WIDTH)} {_fmt(_HEIGHT)}" role="img" '
        f'aria-label="{text}" preserveAspectRatio="none">',
        f"<title>{text}</title>",
        f'<defs><pattern id="hatch-{key}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="2" height="6" fill="{BONUS_STROKE}" '
        'fill-opacity="0.45"/></pattern></defs>',
    ]
    x = 0.0
    for group in shown:
        width = _WIDTH * group.seats / total
        label = escape(f"{group.label}: {group.seats} seats")
        if group.bonus_seats:
            label += escape(f", of which {group.bonus_seats} majority bonus (hatched)")
        out.append(
            f'<rect x="{_fmt(x)}" y="0" width="{_fmt(width)}" height="{_fmt(_HEIGHT)}" '
            f'fill="{escape(group.colour)}" stroke="#ffffff" stroke-width="1">'
            f"<title>{label}</title></rect>"
        )
        if group.bonus_seats:
            bonus = _WIDTH * group.bonus_seats / total
            out.append(
                f'<rect x="{_fmt(x)}" y="0" width="{_fmt(bonus)}" height="{_fmt(_HEIGHT)}" '
                f'fill="url(#hatch-{key})" pointer-events="none"/>'
            )
        x += width
    out.append("</svg>")
    return "".join(out)

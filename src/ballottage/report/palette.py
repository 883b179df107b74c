"""Colours and names of the political families, in one place for the report and the web page.

Families are those of ``reference/nuances.csv`` (``ballottage.data.model.FAMILIES``); a list
whose nuance is not in that table has the family ``None`` and is drawn as ``other``.

>>> family_colour("far-right"), family_label(None)
('#7b4a24', 'Other / unknown')
>>> [f for f in SPECTRUM][:3]
['extreme-left', 'left', 'ecologist']
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

FAMILY_COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "extreme-left": "#a50f15",
        "left": "#e5467b",
        "ecologist": "#2e9e44",
        "regionalist": "#8e44ad",
        "centre": "#f0a30a",
        "right": "#1f6fd0",
        "far-right": "#7b4a24",
        "other": "#9e9e9e",
    }
)
"""Fill colour per family: distinct hues, and the far right (brown) far from the right (blue)."""

FAMILY_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "extreme-left": "Far left",
        "left": "Left",
        "ecologist": "Ecologists",
        "regionalist": "Regionalists",
        "centre": "Centre",
        "right": "Right",
        "far-right": "Far right",
        "other": "Other / unknown",
    }
)

SPECTRUM: tuple[str, ...] = tuple(FAMILY_COLOURS)
"""Left-to-right order of the families in a hemicycle and in tables."""


def family_key(family: str | None) -> str:
    """The palette key of a family: ``other`` for ``None`` or a family the palette lacks."""
    return family if family is not None and family in FAMILY_COLOURS else "other"


def family_colour(family: str | None) -> str:
    """The fill colour of a family."""
    return FAMILY_COLOURS[family_key(family)]


def family_label(family: str | None) -> str:
    """The display name of a family."""
    return FAMILY_LABELS[family_key(family)]


def spectrum_rank(family: str | None) -> int:
    """Position of a family from left to right (for ordering hemicycle groups)."""
    return SPECTRUM.index(family_key(family))

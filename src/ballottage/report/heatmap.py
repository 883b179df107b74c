"""The transfer matrix as a heat-map: an HTML table, one cell per round-1 → round-2 share.

Pure: an estimate (:class:`~ballottage.inference.estimate.TransferEstimate`) in, HTML out. Each
cell shows the share and its interval, on a background that darkens with the share (one hue,
sequential), with whichever text colour reads better on it. No script, no external reference.

>>> import numpy as np
>>> est = TransferEstimate(
...     ("A", "abstention"), ("A", "abstention"), np.array([[0.9, 0.1], [0.2, 0.8]]),
...     np.array([[0.85, 0.05], [0.1, 0.7]]), np.array([[0.95, 0.15], [0.3, 0.9]]),
...     np.ones(2), 40, 0.9, 200, "Goodman", 0.0, (1.0, 1.0))
>>> html = transfer_heatmap(est, region="Corse")
>>> html.count("<td "), "90\\xa0%" in html, "85–95" in html
(4, True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from ballottage.inference.estimate import TransferEstimate
from ballottage.report.names import election_title

LABELS: Mapping[str, str] = {
    "abstention": "Abstention",
    "blank-null": "Blank/spoiled",
    "others": "Other lists (merged)",
}
"""Display names of the categories that are not lists."""

_STOPS = ((0xF7, 0xFB, 0xFF), (0x6B, 0xAE, 0xD6), (0x08, 0x30, 0x6B))
"""A single-hue sequential scale (ColorBrewer "Blues" ends and middle): every channel falls."""

_DARK_TEXT, _LIGHT_TEXT = "#000000", "#ffffff"


def category_label(name: str) -> str:
    """The display name of a category: a list's head as is, ``abstention`` → ``Abstention``."""
    return LABELS.get(name, name)


def share_colour(share: float) -> str:
    """The background of a cell: near white at 0, dark blue at 1 (clipped to [0, 1]).

    >>> share_colour(0.0), share_colour(0.5), share_colour(1.0)
    ('#f7fbff', '#6baed6', '#08306b')
    """
    t = min(max(float(share), 0.0), 1.0) * (len(_STOPS) - 1)
    i = min(int(t), len(_STOPS) - 2)
    low, high = _STOPS[i], _STOPS[i + 1]
    f = t - i
    return "#" + "".join(f"{round(a + (b - a) * f):02x}" for a, b in zip(low, high, strict=True))


def luminance(colour: str) -> float:
    """The WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(background: str) -> str:
    """Dark or white text, whichever contrasts more with ``background``.

    >>> text_colour("#f7fbff"), text_colour("#08306b")
    ('#000000', '#ffffff')
    """
    dark, light = contrast(background, _DARK_TEXT), contrast(background, _LIGHT_TEXT)
    return _DARK_TEXT if dark >= light else _LIGHT_TEXT


def _percent(value: float) -> str:
    return f"{100 * value:.0f}"


def _cell(
    row: str, col: str, share: float | None, low: float | None, high: float | None, level: str
) -> str:
    if share is None:
        return f'<td class="empty" data-label="{escape(col)}">—</td>'
    background = share_colour(share)
    text = f"{_percent(share)}\u00a0%"
    said = f"{row} → {col}: {text}"
    interval = ""
    if low is not None and high is not None:
        interval = f"{_percent(low)}–{_percent(high)}"
        said += f" ({level} interval {interval}\u00a0%)"
        interval = f'<span class="interval">{interval}</span>'
    return (
        f'<td style="background:{background};color:{text_colour(background)}" '
        f'data-label="{escape(col)}" title="{escape(said)}">'
        f'<span class="share">{text}</span>{interval}</td>'
    )


@dataclass(frozen=True)
class _Where:
    region: str | None
    election: str | None
    unit_level: str | None


def _caption(est: TransferEstimate, where: _Where, level: str) -> str:
    names = [where.region, election_title(where.election) if where.election else None]
    place = ", ".join(str(v) for v in names if v)
    head = f"Round-1 → round-2 transfers{', ' + place if place else ''}"
    units = f"{est.units:,}".replace(",", "\u202f")
    unit_level = where.unit_level or "unit"
    replicates = est.bootstrap or 0
    bounded = est.interval is not None
    intervals = (
        f"With each share, its {level} interval ({replicates} bootstrap replicates). "
        if replicates
        else f"With each share, its {level} interval. "
        if bounded
        else "No intervals (no bootstrap). "
    )
    detail = (
        "Share of the voters of each round-1 category (rows) who went to each round-2 choice "
        f"(columns). {intervals}Estimated from {units} {unit_level}s; method: {est.method}."
    )
    return f'<caption>{escape(head)} <span class="detail">{escape(detail)}</span></caption>'


def transfer_heatmap(
    est: TransferEstimate,
    *,
    region: str | None = None,
    election: str | None = None,
    unit_level: str | None = None,
) -> str:
    """An accessible HTML table of the transfer matrix: a row per round-1 category (lists,
    abstention, blank/null, merged others), a column per round-2 choice, each cell's share and
    interval on a background scaled by the share; the caption names ``region``, ``election``
    and the units (``unit_level``: commune, canton)."""
    rows, cols = [str(r) for r in est.rows], [str(c) for c in est.cols]
    level = f"{100 * float(est.level or 0.9):g}\u00a0%"
    head = "".join(f'<th scope="col">{escape(category_label(c))}</th>' for c in cols)
    body = []
    for r, row in enumerate(rows):
        label = category_label(row)
        cells = "".join(
            _cell(
                label,
                category_label(col),
                float(est.shares[r, c]),
                None if est.lower is None else float(est.lower[r, c]),
                None if est.upper is None else float(est.upper[r, c]),
                level,
            )
            for c, col in enumerate(cols)
        )
        body.append(f'<tr><th scope="row">{escape(label)}</th>{cells}</tr>')
    return (
        '<div class="table-wrap"><table class="heatmap">'
        f"{_caption(est, _Where(region, election, unit_level), level)}"
        f'<thead><tr><th scope="col">Round 1 ↓ · round 2 →</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )

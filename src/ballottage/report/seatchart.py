"""How many seats a list may get: the Monte Carlo's draws as an inline SVG histogram.

A seat range such as "63–117 (90 %)" hides the shape of the outcome: with a majority bonus the
seats of a list are often two-peaked (with the bonus, or without it). The chart shows every seat
count of the council on one axis, a bar per count (its height the share of the draws), and the
absolute majority marked; its accessible name says the same in words, peaks included.

>>> svg = seat_distribution_svg("A", [0, 2, 5, 1, 0, 0, 3, 6, 3], seats_total=8, colour="#1f6fd0")
>>> svg.count("<rect "), 'class="majority"' in svg, "two peaks, around 2 and 7 seats" in svg
(6, True, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

from ballottage.errors import InvalidInput

__all__ = [
    "Chances",
    "SeatChart",
    "SeatDistribution",
    "majority_seats",
    "peaks",
    "seat_distribution",
    "seat_distribution_svg",
]

_WIDTH = 320.0
_HEIGHT = 92.0
_LEFT, _RIGHT, _TOP, _AXIS = 8.0, 8.0, 16.0, 66.0
_INK = "#1d2433"
_MUTED = "#4a5263"


def majority_seats(seats_total: int) -> int:
    """Seats needed for an absolute majority of the council.

    >>> majority_seats(170), majority_seats(51)
    (86, 26)
    """
    return seats_total // 2 + 1


def peaks(histogram: Sequence[int]) -> list[int]:
    """The seat counts around which the draws gather: one, or two when the outcome is split.

    The counts are smoothed over three seats; a peak is a local maximum of at least a tenth of
    the highest, separated from the next by a dip below half of the smaller of the two.

    >>> peaks([0, 1, 4, 9, 4, 1, 0])
    [3]
    >>> peaks([0, 2, 5, 1, 0, 0, 3, 6, 3])
    [2, 7]
    """
    n = len(histogram)
    smooth = [sum(histogram[max(0, i - 1) : i + 2]) for i in range(n)]
    top = max(smooth, default=0)
    if top == 0:
        return []
    found: list[int] = []
    for i, v in enumerate(smooth):
        left = smooth[i - 1] if i > 0 else -1
        right = smooth[i + 1] if i + 1 < n else -1
        if v >= top / 10 and v > left and v >= right:
            found.append(i)
    kept: list[int] = []
    for i in found:
        if kept:
            j = kept[-1]
            dip = min(smooth[j : i + 1])
            if dip >= min(smooth[i], smooth[j]) / 2:
                if smooth[i] > smooth[j]:
                    kept[-1] = i
                continue
        kept.append(i)
    # The seat count each peak stands for: the highest bar next to it, the middle one on a tie.
    return [
        max(range(max(0, p - 1), min(n, p + 2)), key=lambda s: (histogram[s], -abs(s - p)))
        for p in kept
    ]


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _share(part: int, whole: int) -> str:
    value = 100 * part / whole
    if 0 < value < 0.1:
        return "under 0.1\u00a0%"
    return f"{value:.1f}\u00a0%"


def _quantile(histogram: Sequence[int], draws: int, percent: int) -> int:
    running = 0
    for seats, n in enumerate(histogram):
        running += n
        if running * 100 >= percent * draws:
            return seats
    return len(histogram) - 1


def _spoken(name: str, histogram: Sequence[int], seats_total: int) -> str:
    draws = sum(histogram)
    mode = max(range(len(histogram)), key=lambda s: histogram[s])
    low, high = _quantile(histogram, draws, 5), _quantile(histogram, draws, 95)
    majority = majority_seats(seats_total)
    with_majority = sum(histogram[majority:])
    parts = [
        f"{name}: seats over {draws:,} draws".replace(",", "\u202f"),
        f"most often {mode} ({_share(histogram[mode], draws)} of the draws)",
        f"90\u00a0% of the draws between {low} and {high}",
    ]
    found = peaks(histogram)
    if len(found) > 1:
        places = ", ".join(str(p) for p in found[:-1])
        count = "two" if len(found) == 2 else str(len(found))
        parts.append(f"{count} peaks, around {places} and {found[-1]} seats")
    share = _share(with_majority, draws) if with_majority else "none"
    parts.append(
        f"an absolute majority ({majority} seats of {seats_total}) in {share} of the draws"
    )
    return "; ".join(parts) + "."


def _axes(counts: Sequence[int], seats_total: int, step: float) -> list[str]:
    """The seat axis, its ends and 90 % range, and the dashed line of the majority."""
    draws = sum(counts)
    out: list[str] = []
    majority = majority_seats(seats_total)
    x_majority = _LEFT + majority * step
    font = 'font-family="sans-serif" font-size="11"'
    out.append(
        f'<line x1="{_fmt(_LEFT)}" y1="{_fmt(_AXIS + 0.5)}" x2="{_fmt(_WIDTH - _RIGHT)}" '
        f'y2="{_fmt(_AXIS + 0.5)}" stroke="{_MUTED}" stroke-width="1"/>'
        f'<line class="majority" x1="{_fmt(x_majority)}" y1="{_fmt(_TOP - 4)}" '
        f'x2="{_fmt(x_majority)}" y2="{_fmt(_AXIS + 4)}" stroke="{_INK}" stroke-width="1.5" '
        'stroke-dasharray="3 2"/>'
    )
    anchor = "end" if majority > seats_total * 0.75 else "start"
    shift = -3 if anchor == "end" else 3
    out.append(
        f'<text x="{_fmt(x_majority + shift)}" y="{_fmt(_TOP - 5)}" text-anchor="{anchor}" '
        f'fill="{_INK}" {font}>majority: {majority}</text>'
    )
    for seats, where in ((0, "start"), (seats_total, "end")):
        x = _LEFT + seats * step + (0 if where == "start" else step)
        out.append(
            f'<text x="{_fmt(x)}" y="{_fmt(_AXIS + 15)}" text-anchor="{where}" fill="{_MUTED}" '
            f"{font}>{seats}</text>"
        )
    low, high = _quantile(counts, draws, 5), _quantile(counts, draws, 95)
    out.append(
        f'<text x="{_fmt(_WIDTH / 2)}" y="{_fmt(_AXIS + 15)}" text-anchor="middle" '
        f'fill="{_MUTED}" {font}>seats (90\u00a0%: {low}–{high})</text>'
    )
    return out


def seat_distribution_svg(
    name: str, histogram: Sequence[int], *, seats_total: int, colour: str
) -> str:
    """One ``<svg class="seat-chart" role="img">``: the draws per seat count, majority marked.

    ``histogram[s]`` is the number of draws giving the list ``s`` seats, for ``s`` from 0 to
    ``seats_total``. The x axis runs over the whole council, so charts of one council compare.
    """
    if seats_total < 1:
        raise InvalidInput("seats_total", seats_total, "must be at least 1")
    if len(histogram) > seats_total + 1 or any(n < 0 for n in histogram):
        raise InvalidInput(
            "histogram", len(histogram), f"must hold at most {seats_total + 1} counts, none < 0"
        )
    draws = sum(histogram)
    if draws == 0:
        raise InvalidInput("histogram", list(histogram), "must count at least one draw")
    counts = list(histogram) + [0] * (seats_total + 1 - len(histogram))
    plot = _WIDTH - _LEFT - _RIGHT
    step = plot / (seats_total + 1)
    top = max(counts)
    spoken = escape(_spoken(name, counts, seats_total))
    out = [
        f'<svg class="seat-chart" viewBox="0 0 {_fmt(_WIDTH)} {_fmt(_HEIGHT)}" role="img" '
        f'aria-label="{spoken}">',
        f"<title>{spoken}</title>",
        f'<g fill="{escape(colour)}">',
    ]
    for seats, n in enumerate(counts):
        if n == 0:
            continue
        height = max(1.0, (_AXIS - _TOP) * n / top)
        out.append(
            f'<rect x="{_fmt(_LEFT + seats * step)}" y="{_fmt(_AXIS - height)}" '
            f'width="{_fmt(max(step, 1.2))}" height="{_fmt(height)}"/>'
        )
    out.append("</g>")
    out.extend(_axes(counts, seats_total, step))
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class SeatChart:
    """One list's chart: its draws per seat count, drawn."""

    name: str
    colour: str
    histogram: tuple[int, ...]
    peaks: tuple[int, ...]
    svg: str


@dataclass(frozen=True)
class Chances:
    """How often a list comes first (takes the bonus), with or without a majority of seats."""

    list: str
    colour: str
    first: float
    majority: float
    no_majority: float


@dataclass(frozen=True)
class SeatDistribution:
    """Every list's chart, and the chances of each, the likeliest winner first."""

    seats_total: int
    majority: int
    draws: int
    charts: tuple[SeatChart, ...]
    outcomes: tuple[Chances, ...]


class Outlook(Protocol):
    """What a chart needs of a simulated list (:class:`~ballottage.simulation.ListOutlook`)."""

    @property
    def name(self) -> str: ...
    @property
    def p_first(self) -> float: ...
    @property
    def p_majority(self) -> float: ...
    @property
    def histogram(self) -> Sequence[int]: ...


def seat_distribution(
    lists: Sequence[Outlook], *, seats_total: int, draws: int, colours: Mapping[str, str]
) -> SeatDistribution:
    """Each list's chart and the chance of each outcome: who leads, with or without a majority.

    A list with an absolute majority of the seats always leads (the bonus goes to the leader),
    so "leads without a majority" is ``p_first - p_majority``.

    >>> from ballottage.simulation.montecarlo import ListOutlook
    >>> rows = [ListOutlook("A", 0.7, 0.6, 1.7, 1, 2, 2, (0, 3, 7)),
    ...         ListOutlook("B", 0.3, 0.3, 0.3, 0, 0, 1, (7, 3, 0))]
    >>> data = seat_distribution(rows, seats_total=2, draws=10,
    ...                          colours={"A": "#1f6fd0", "B": "#7b4a24"})
    >>> [(o.list, o.majority, round(o.no_majority, 2)) for o in data.outcomes]
    [('A', 0.6, 0.1), ('B', 0.3, 0.0)]
    >>> data.majority, data.charts[0].peaks
    (2, (2,))
    """
    charts = tuple(
        SeatChart(
            item.name,
            colours[item.name],
            tuple(item.histogram),
            tuple(peaks(item.histogram)),
            seat_distribution_svg(
                item.name, item.histogram, seats_total=seats_total, colour=colours[item.name]
            ),
        )
        for item in lists
    )
    outcomes = sorted(
        (
            Chances(
                item.name,
                colours[item.name],
                float(item.p_first),
                float(item.p_majority),
                max(0.0, float(item.p_first) - float(item.p_majority)),
            )
            for item in lists
        ),
        key=lambda o: -o.first,
    )
    return SeatDistribution(
        seats_total, majority_seats(seats_total), draws, charts, tuple(outcomes)
    )

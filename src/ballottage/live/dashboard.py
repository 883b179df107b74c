"""The night on a terminal: the Rich dashboard, drawn from the same document the ``--json``
lines print (:class:`ballottage.vocabulary.live.LiveUpdateDoc`), so they never disagree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from ballottage.vocabulary.live import IntervalDoc, LiveRegion, LiveUpdateDoc


def _pct(value: float) -> str:
    return f"{100 * value:.1f} %"


def _seats(seats: IntervalDoc | None) -> str:
    if seats is None:
        return "—"
    if round(seats.low) == round(seats.high):
        return f"{seats.mean:.0f}"
    return f"{seats.mean:.0f} ({seats.low:.0f}–{seats.high:.0f})"


def _region_row(region: LiveRegion, round_: int) -> list[RenderableType]:
    name = region.region.name or region.region.code
    if not region.lists:
        return [name, _pct(region.counted_inscrits), "unknown", "", "", "", "—"]
    lead = region.lists[0]
    share = lead.share
    share_text = f"{100 * share.mean:.1f} %"
    if round(1000 * share.low) != round(1000 * share.high):
        share_text += f" ({100 * share.low:.1f}–{100 * share.high:.1f})"
    if round_ == 2:
        detail = _seats(lead.projected_seats)
    else:
        standing = [item for item in region.lists if (item.p_stand or 0) >= 0.5]
        detail = f"{len(standing)} may stand"
    winner = Text(lead.list, style="bold" if region.final else "")
    counted = _pct(region.counted_inscrits) + (" ✓" if region.final else "")
    updated = (region.updated_at or "")[11:19] or "—"
    return [name, counted, winner, _pct(lead.p_first), share_text, detail, updated]


def dashboard(data: LiveUpdateDoc, last_update: str) -> RenderableType:
    """The Rich table of every region."""
    round_ = data.round
    table = Table(
        title=f"{data.election}, round {round_} — last update {last_update}",
        box=box.SIMPLE_HEAVY,
        expand=False,
    )
    table.add_column("Region")
    table.add_column("Counted (inscrits)", justify="right")
    table.add_column("Projected first" if round_ == 1 else "Projected winner")
    table.add_column("P(first)", justify="right")
    table.add_column("Share (90 %)", justify="right")
    table.add_column("Seats (90 %)" if round_ == 2 else "Round 2", justify="right")
    table.add_column("Updated (UTC)", justify="right")
    for region in data.regions:
        table.add_row(*_region_row(region, round_))
    lines: list[RenderableType] = [table]
    if data.batch is not None and data.batch.refused:
        lines.append(Text(f"batch refused: {data.batch.refused}", style="red"))
    if data.warning:
        lines.append(Text(data.warning, style="yellow"))
    if data.complete:
        lines.append(Text("Every unit counted: the official result, the law applied exactly."))
    return Group(*lines)

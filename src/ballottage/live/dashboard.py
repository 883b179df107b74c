"""The night shown: plain data for ``--json`` lines (``"schema": 1``) and the Rich dashboard.

Both render :func:`update_data`, so the terminal and a script never disagree.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ballottage.live.follow import NightUpdate
from ballottage.live.projection import Interval, ListProjection, RegionNight, RegionProjection

SCHEMA = 1
Plain = dict[str, Any]


def _interval(value: Interval, places: int = 4) -> Plain:
    return {
        "mean": round(value.mean, places),
        "low": round(value.low, places),
        "high": round(value.high, places),
    }


def list_data(item: ListProjection, family: str | None) -> Plain:
    """One list's projection as plain data."""
    return {
        "list": item.list,
        "family": family,
        "share": _interval(item.share),
        "seats": None if item.seats is None else _interval(item.seats, 2),
        "win": round(item.win, 4),
        "majority": None if item.majority is None else round(item.majority, 4),
        "stand": None if item.stand is None else round(item.stand, 4),
        "merge": None if item.merge is None else round(item.merge, 4),
    }


def region_data(night: RegionNight, projection: RegionProjection) -> Plain:
    """One region's night and projection as plain data, lists most likely winner first."""
    lists = sorted(projection.lists, key=lambda item: (-item.win, -item.share.mean, item.list))
    return {
        "region": night.region,
        "seats": night.seats,
        "units": len(night.baseline),
        "units_counted": len(night.counted),
        "counted_inscrits": round(projection.counted_inscrits, 4),
        "final": projection.final,
        "draws": projection.draws,
        "lists": [list_data(item, night.families.get(item.list)) for item in lists],
    }


def update_data(update: NightUpdate, election: str, round_: int, names: dict[str, str]) -> Plain:
    """One update as one JSON object (``schema`` 1)."""
    report = update.report
    batch = None
    if report is not None:
        batch = {
            "id": report.id,
            "source": report.source,
            "tag": report.tag,
            "arrived_at": report.arrived_at.isoformat(timespec="seconds") + "Z",
            "units": report.units,
            "changed": report.changed,
            "refused": report.refused,
            "already_imported": report.already,
        }
    regions = []
    for night, projection in update.regions:
        data = region_data(night, projection)
        data["name"] = names.get(night.region, night.region)
        when = update.updated.get(night.region)
        data["updated_at"] = None if when is None else when.isoformat(timespec="seconds") + "Z"
        regions.append(data)
    return {
        "schema": SCHEMA,
        "election": election,
        "round": round_,
        "batch": batch,
        "complete": update.complete,
        "warning": update.warning,
        "regions": regions,
    }


def _pct(value: float) -> str:
    return f"{100 * value:.1f} %"


def _seats(seats: Plain | None) -> str:
    if seats is None:
        return "—"
    mean, low, high = seats["mean"], seats["low"], seats["high"]
    if round(low) == round(high):
        return f"{mean:.0f}"
    return f"{mean:.0f} ({low:.0f}–{high:.0f})"


def _region_row(region: Plain, round_: int) -> list[RenderableType]:
    lists = region["lists"]
    if not lists:
        return [region["name"], _pct(region["counted_inscrits"]), "unknown", "", "", "", "—"]
    lead = lists[0]
    share = lead["share"]
    share_text = f"{100 * share['mean']:.1f} %"
    if round(1000 * share["low"]) != round(1000 * share["high"]):
        share_text += f" ({100 * share['low']:.1f}–{100 * share['high']:.1f})"
    if round_ == 2:
        detail = _seats(lead["seats"])
    else:
        standing = [item for item in lists if (item["stand"] or 0) >= 0.5]
        detail = f"{len(standing)} may stand"
    winner = Text(lead["list"], style="bold" if region["final"] else "")
    counted = _pct(region["counted_inscrits"]) + (" ✓" if region["final"] else "")
    updated = (region.get("updated_at") or "")[11:19] or "—"
    return [region["name"], counted, winner, _pct(lead["win"]), share_text, detail, updated]


def dashboard(data: Plain, last_update: str) -> RenderableType:
    """The Rich table of every region (``data``: :func:`update_data`)."""
    round_ = data["round"]
    table = Table(
        title=f"{data['election']}, round {round_} — last update {last_update}",
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
    for region in data["regions"]:
        table.add_row(*_region_row(region, round_))
    lines: list[RenderableType] = [table]
    batch = data["batch"]
    if batch is not None and batch["refused"]:
        lines.append(Text(f"batch refused: {batch['refused']}", style="red"))
    if data["warning"]:
        lines.append(Text(data["warning"], style="yellow"))
    if data["complete"]:
        lines.append(Text("Every unit counted: the official result, the law applied exactly."))
    return Group(*lines)

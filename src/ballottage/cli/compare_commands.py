"""``ballottage compare 2015 2021``: two stored elections side by side, region by region."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ballottage.cli.app import app, console, emit_json, reporting_errors
from ballottage.cli.render import pct, plain_table
from ballottage.cli.store_commands import DbOpt, JsonOpt, opened_store

if TYPE_CHECKING:
    from ballottage.vocabulary.elections import SideDoc

ElectionA = Annotated[str, typer.Argument(help="First election: year (2015) or id.")]
ElectionB = Annotated[str, typer.Argument(help="Second election: year (2021) or id.")]


def _seats(seats: dict[str, int] | None) -> str:
    return ", ".join(f"{f} {n}" for f, n in seats.items()) if seats else "—"


def _change(change: dict[str, int] | None) -> str:
    if change is None:
        return "—"
    return ", ".join(f"{f} {n:+d}" for f, n in change.items() if n) or "no change"


def _leader(side: SideDoc | None) -> str:
    if side is None:
        return "—"
    lead = side.round1_leader
    return f"{lead.list} ({lead.family or '?'}, {pct(lead.share)})"


def _winner(side: SideDoc | None) -> str:
    if side is None or side.round2_winner is None:
        return "— (no round 2 in the data)" if side else "—"
    won = side.round2_winner
    out = f"{won.list} ({won.family or '?'})"
    if side.not_in_round2:
        gone = ", ".join(f"{g.list} ({g.text})" for g in side.not_in_round2)
        out += f"; not in round 2: {gone}"
    return out


@app.command("compare", rich_help_panel="Elections in the store")
def compare_command(
    first: ElectionA, second: ElectionB, db: DbOpt = None, as_json: JsonOpt = False
) -> None:
    """Compare two stored elections region by region.

    For each region: the round-1 leader, the round-2 winner, seats per political family and
    the change.

    Example: ballottage compare 2015 2021
    """
    with reporting_errors(), opened_store(db) as store:
        from ballottage.elections.comparison import compare_elections
        from ballottage.elections.names import resolve_election
        from ballottage.vocabulary.elections import CompareDoc

        a, b = resolve_election(store, first), resolve_election(store, second)
        data = CompareDoc.of(compare_elections(store, a.id, b.id))
    if as_json:
        emit_json(data)
        return
    for r in data.regions:
        before, after = r.before, r.after
        console.print(f"[bold]{r.region.name}[/] ({r.region.code})")
        console.print(f"  round 1: {_leader(before)} → {_leader(after)}", soft_wrap=True)
        console.print(f"  won:     {_winner(before)} → {_winner(after)}", soft_wrap=True)
        change = f" ({_change(r.seat_change)})" if r.seat_change is not None else ""
        console.print(
            f"  seats:   {_seats(before.seats_by_family if before else None)} → "
            f"{_seats(after.seats_by_family if after else None)}{change}",
            soft_wrap=True,
        )
    totals = data.totals
    console.print(
        plain_table(
            f"Seats by family, {a.id} → {b.id}, over the {len(totals.regions)} regions "
            "with seats in both",
            ["Family", str(a.year), str(b.year), "Change"],
            [
                [f, totals.before.get(f, 0), totals.after.get(f, 0), f"{n:+d}"]
                for f, n in totals.change.items()
            ],
        )
    )

"""``ballottage live``: follow an election night, or replay a stored one (docs/live.md).

``ballottage live SOURCE --election E --round N`` follows a directory or an HTTP address,
imports each batch into the store's journal and shows every region's projection;
``ballottage live replay YEAR --round N`` serves a stored election as a night on 127.0.0.1.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from ballottage.cli.app import JSON_HELP, app, console, emit_json, errors, reporting_errors
from ballottage.cli.store_commands import opened_store

if TYPE_CHECKING:  # the live modules load DuckDB, pandas and numpy: imported when used
    from ballottage.data.store import Store
    from ballottage.live.feed import UnitResult
    from ballottage.live.follow import Follower
    from ballottage.live.server import ReplayServer
    from ballottage.live.sources import Source


class _FollowByDefault(TyperGroup):
    """``live SOURCE ...`` means ``live follow SOURCE ...``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["follow", *args]
        return super().parse_args(ctx, args)


live_app = typer.Typer(
    cls=_FollowByDefault,
    no_args_is_help=True,
    help=(
        "Election night: `ballottage live SOURCE --election E --round N` follows results "
        "as they arrive (a directory or an http:// address: the Ministry's XML tree, its ; "
        "export, or a plain CSV) and projects every region's seats and win probability; "
        "`ballottage live replay YEAR --round N` serves a stored election as a night."
    ),
)
app.add_typer(live_app, name="live", rich_help_panel="Election night")

DbOpt = Annotated[Path | None, typer.Option("--db", help="DuckDB store (default: user cache).")]
RoundOpt = Annotated[int, typer.Option("--round", min=1, max=2, help="Round: 1 or 2.")]
LevelOpt = Annotated[
    str | None,
    typer.Option(
        "--level", help="Units: commune, canton or department (default: what the feed sends)."
    ),
]


@live_app.command("follow")
def follow(
    source: Annotated[str, typer.Argument(help="Directory, file or http://… address.")],
    election: Annotated[
        str, typer.Option("--election", help="The election: regionales-2021 (or its year).")
    ],
    round_: RoundOpt,
    as_json: Annotated[
        bool, typer.Option("--json", help=JSON_HELP + " One line per update.")
    ] = False,
    draws: Annotated[
        int, typer.Option("--draws", min=100, max=100_000, help="Monte Carlo draws per region.")
    ] = 10_000,
    once: Annotated[
        bool, typer.Option("--once", help="Import what the source holds now, show it, exit.")
    ] = False,
    interval: Annotated[
        float, typer.Option("--interval", min=0.05, help="Seconds between polls.")
    ] = 2.0,
    level: LevelOpt = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="Round 1: the election to compare with.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the draws.")] = 0,
    db: DbOpt = None,
) -> None:
    """Follow a night: import each batch, re-project every region, until all is counted."""
    from ballottage.live.follow import Follower
    from ballottage.scenarios.store import election_id

    lines = as_json or not console.is_terminal
    with reporting_errors(), opened_store(db) as store:
        election = election_id(store, election)
        try:
            src = _opened(source, round_, wait=not once, interval=interval)
        except KeyboardInterrupt:
            errors.print("Stopped before the source answered.")
            return
        follower = Follower(
            store, src, election, round_, level=level, baseline=baseline, draws=draws, seed=seed
        )
        names = {r.code: r.name for r in store.regions(election)}
        try:
            _run(follower, names, lines=lines, interval=interval, once=once)
        except KeyboardInterrupt:
            errors.print("Stopped: every batch imported so far is in the store's journal.")


def _opened(source: str, round_: int, *, wait: bool, interval: float) -> Source:
    """The source; an address that does not answer yet is waited for (said once), unless
    ``wait`` is false."""
    import time

    from ballottage.live.sources import FeedUnavailable, open_source

    said = False
    while True:
        try:
            return open_source(source, round_)
        except FeedUnavailable as exc:
            if not wait or not source.startswith(("http://", "https://")):
                raise
            if not said:
                errors.print(f"Waiting for the source: {escape(str(exc))} (Ctrl-C to stop)")
                said = True
            time.sleep(interval)


def _run(
    follower: Follower, names: dict[str, str], *, lines: bool, interval: float, once: bool
) -> None:
    from rich.live import Live

    from ballottage.live.dashboard import dashboard
    from ballottage.live.follow import arrived_text
    from ballottage.vocabulary.live import LiveUpdateDoc

    stop = threading.Event()
    updates = follower.updates(stop, interval=interval, once=once)
    e, r = follower.election, follower.round
    if lines:
        for update in updates:
            typer.echo(LiveUpdateDoc.of(update, e, r, names).json_line())
        return
    with Live(console=console, auto_refresh=False, transient=False) as live:
        shown = False
        for update in updates:
            data = LiveUpdateDoc.of(update, e, r, names)
            live.update(dashboard(data, arrived_text(update.report)), refresh=True)
            shown = True
        if not shown:
            console.print("Nothing published yet.")


@live_app.command("history")
def history(
    election: Annotated[
        str, typer.Option("--election", help="The election: regionales-2021 (or its year).")
    ],
    round_: RoundOpt,
    at: Annotated[
        datetime | None,
        typer.Option(
            "--at",
            formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
            help="Project the night as it stood then (UTC, as the batches' arrival times).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
    draws: Annotated[
        int, typer.Option("--draws", min=100, max=100_000, help="Monte Carlo draws per region.")
    ] = 10_000,
    db: DbOpt = None,
) -> None:
    """The night's journal: every batch received, and with --at the projection as of then."""
    from ballottage.live.dashboard import dashboard
    from ballottage.live.follow import NightUpdate
    from ballottage.live.journal import Journal
    from ballottage.live.night import plan_night
    from ballottage.live.projection import project_region
    from ballottage.scenarios.store import election_id
    from ballottage.vocabulary.live import BatchDoc, LiveHistoryDoc, LiveUpdateDoc

    with reporting_errors(), opened_store(db) as store:
        election = election_id(store, election)
        journal = Journal(store, election, round_)
        if at is not None:
            at = at.replace(microsecond=999_999)  # the whole second given
        batches = [b for b in journal.batches() if at is None or b.arrived_at <= at]
        as_of = None
        state = journal.state(at=at) if at is not None else {}
        if state:
            plan = plan_night(store, election, round_, next(iter(state.values())).level)
            regions = tuple((n, project_region(n, draws=draws)) for n in plan.nights(state))
            counted = sum(len(n.counted) for n, _ in regions)
            update = NightUpdate(None, regions, counted == plan.units())
            names = {r.code: r.name for r in store.regions(election)}
            as_of = LiveUpdateDoc.of(update, election, round_, names)
        data = LiveHistoryDoc(
            election=election,
            round=round_,
            batches=tuple(BatchDoc.of(b) for b in batches),
            as_of=as_of,
        )
        if as_json:
            emit_json(data)
            return
        for b in data.batches:
            what = f"refused: {b.refused}" if b.refused else f"{b.changed} units new"
            console.print(f"{b.id:>4}  {b.arrived_at}  {b.units:>6} units, {what}")
        if not batches:
            console.print("No batch in the journal" + (" by then." if at else "."))
        if data.as_of is not None:
            console.print(dashboard(data.as_of, f"as of {at:%H:%M:%S} UTC" if at else ""))


@live_app.command("replay")
def replay(
    year: Annotated[str, typer.Argument(help="2015, 2021 (or regionales-2015, …).")],
    round_: RoundOpt,
    order: Annotated[
        str,
        typer.Option(
            "--order",
            help="realistic (small units first, cities last), random, or size (smallest first).",
        ),
    ] = "realistic",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0: any).")] = 8017,
    interval: Annotated[
        float, typer.Option("--interval", min=0.01, help="Seconds between batches.")
    ] = 2.0,
    batches: Annotated[
        int, typer.Option("--batches", min=1, max=10_000, help="How many batches in all.")
    ] = 20,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Seed of the order (and round 2).")
    ] = 0,
    level: LevelOpt = None,
    corrections: Annotated[
        int,
        typer.Option(
            "--corrections",
            min=0,
            help="Units first published with a slip, corrected in the next batch.",
        ),
    ] = 0,
    linger: Annotated[
        float | None,
        typer.Option("--linger", min=0, help="Seconds to keep serving once all is published."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Serve a stored election as a night on 127.0.0.1, in the Ministry's XML layout."""
    from ballottage.live.replay import ORDERS, Publication, ordered, with_corrections
    from ballottage.live.replay import batches as cut
    from ballottage.live.server import ReplayServer
    from ballottage.scenarios.store import election_id

    with reporting_errors():
        if order not in ORDERS:
            from ballottage.errors import InvalidInput

            raise InvalidInput("--order", order, f"must be one of {', '.join(ORDERS)}")
        with opened_store(db) as store:  # read everything, then close: `live` may open it
            election = election_id(store, year)
            units, note, level, start = _replay_units(store, election, round_, level, seed)
        sequence = ordered(units, order, seed)
        publication = Publication(start.year, round_, sequence, start)
        planned = with_corrections(cut(sequence, batches), corrections, seed)
        said = _Progress(len(planned), sum(u.inscrits for u in units) or 1)
        server = ReplayServer(publication, planned, port=port, interval=interval, on_publish=said)
        console.print(
            f"Replaying {election} round {round_} at {server.url} — {len(units)} {level}s in "
            f"{len(server.batches)} batches, one every {interval:g} s ({order} order)."
        )
        if note:
            console.print(note)
        _serve(server, linger)


def _serve(server: ReplayServer, linger: float | None) -> None:
    """Publish and serve until Ctrl-C, or ``linger`` seconds after the last batch."""
    server.start()
    try:
        while not server.stopped.wait(0.2):
            if server.publication.done() and linger is not None:
                server.stopped.wait(linger)
                break
    except KeyboardInterrupt:
        errors.print("Stopped.")
    finally:
        server.stop()


def _replay_units(
    store: Store, election: str, round_: int, level: str | None, seed: int
) -> tuple[Any, str | None, str, datetime]:
    from ballottage.data.store import queries
    from ballottage.live.replay import default_level, night_units

    found = queries.election(store.con, election)
    level = level or default_level(store, election)
    units, note = night_units(store, election, round_, level, seed=seed)
    day = found.round_dates[round_ - 1] if len(found.round_dates) >= round_ else None
    start = datetime(day.year, day.month, day.day, 20) if day else datetime(found.year, 1, 1, 20)
    return units, note, level, start - timedelta(minutes=4)


class _Progress:
    """Says each batch published: its new units, its corrections, the inscrits they hold."""

    def __init__(self, batches: int, inscrits: int) -> None:
        self.batches, self.inscrits = batches, inscrits
        self.seen: set[str] = set()

    def __call__(self, number: int, batch: Sequence[UnitResult]) -> None:
        new = [u for u in batch if u.area not in self.seen]
        self.seen.update(u.area for u in batch)
        share = sum(u.inscrits for u in new) / self.inscrits
        again = len(batch) - len(new)
        fixed = f", {again} corrected" if again else ""
        console.print(
            f"batch {number}/{self.batches}: {len(new)} units{fixed}, {100 * share:.1f} % of "
            "inscrits"
        )

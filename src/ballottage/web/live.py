"""The election-night page of ``ballottage serve --live``: ``/live`` and its event stream.

A :class:`NightFeed` (the feed follower, or a test's) yields a :class:`NightUpdate` after each
batch: every region's night and projection. A background thread turns each into plain data
(:func:`live_state`) and posts it on the :class:`LiveBoard`; ``GET /live/events`` streams every
new state as a server-sent event, and the page's script (``static/live.js``) moves the bars.
``GET /live`` renders the latest state as plain HTML (it reads without the script), and
``GET /live/state`` answers it as JSON. Nothing here reads a file: the feed does.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from markupsafe import Markup

from ballottage.errors import BallottageError
from ballottage.live.projection import ListProjection, RegionNight, RegionProjection
from ballottage.plain import Plain
from ballottage.report.build import pct, templates
from ballottage.report.hemicycle import HemicycleGroup, hemicycle_svg
from ballottage.report.names import election_title
from ballottage.report.palette import family_colour, family_label, spectrum_rank
from ballottage.report.regions_map import NO_DATA_FILL, region_map_svg, region_names

FIRM = 0.95
"""A region is *firm* once its leader comes first in at least this share of the draws."""

LEANING_ALPHA = "66"
"""Opacity (hex) of a region's fill while its leader is not yet firm."""

POLL_SECONDS = 0.2
"""How often an open event stream looks for a new state."""

KEEPALIVE_SECONDS = 15.0
"""An idle event stream sends a comment this often, so proxies keep it open."""


@dataclass(frozen=True)
class NightUpdate:
    """The night after one batch: when it arrived, its name, every region's night and projection."""

    arrived: datetime
    batch: str
    regions: tuple[tuple[RegionNight, RegionProjection], ...]


class NightFeed(Protocol):
    """Where the updates come from: an election's round followed until ``stop`` is set."""

    election: str
    round: int

    def updates(self, stop: threading.Event) -> Iterator[NightUpdate]:
        """Each update as its batch is imported and projected; returns when the night is over."""
        ...


def council_seats(lists: Sequence[ListProjection], seats: int) -> dict[str, int]:
    """Whole seats from the mean seats of the draws, largest remainders first, ``seats`` in all.

    >>> from ballottage.live.projection import Interval
    >>> def one(name, mean):
    ...     seats = Interval(mean, 0, 0)
    ...     return ListProjection(name, Interval(0, 0, 0), seats, 0, None, None, None)
    >>> council_seats([one("A", 10.6), one("B", 5.2), one("C", 1.2)], 17)
    {'A': 11, 'B': 5, 'C': 1}
    """
    means = {item.list: max(item.seats.mean, 0.0) for item in lists if item.seats is not None}
    whole = {name: int(mean) for name, mean in means.items()}
    left = seats - sum(whole.values())
    for name in sorted(means, key=lambda n: (whole[n] - means[n], n))[: max(left, 0)]:
        whole[name] += 1
    return whole


def _interval(value: float, low: float, high: float, fmt: str, unit: str = "") -> str:
    """``31.2 % (29.8–32.5)``: the mean, then the 90 % interval unless it is one value."""
    if abs(high - low) < 1e-9:
        return fmt.format(value) + unit
    return f"{fmt.format(value)}{unit} ({fmt.format(low)}–{fmt.format(high)})"


def _list_view(item: ListProjection, family: str | None) -> Plain:
    share, seats = item.share, item.seats
    seats_text = "—" if seats is None else _interval(seats.mean, seats.low, seats.high, "{:.0f}")
    return {
        "list": item.list,
        "colour": family_colour(family),
        "family_label": family_label(family),
        "win": round(item.win, 4),
        "win_text": pct(item.win, 0),
        "share_text": _interval(
            100 * share.mean, 100 * share.low, 100 * share.high, "{:.1f}", "\u00a0%"
        ),
        "seats_text": seats_text,
        "stand_text": "—" if item.stand is None else pct(item.stand, 0),
    }


def _hemicycle(night: RegionNight, projection: RegionProjection, name: str) -> str | None:
    if not any(item.seats is not None for item in projection.lists):
        return None
    seats = council_seats(projection.lists, night.seats)
    groups = sorted(
        (
            HemicycleGroup(head, n, family_colour(night.families.get(head)))
            for head, n in seats.items()
            if n > 0
        ),
        key=lambda g: (spectrum_rank(night.families.get(g.label)), -g.seats),
    )
    if not groups:
        return None
    word = "council" if projection.final else "projected council"
    return hemicycle_svg(groups, title=f"{name}: {word} of {night.seats} seats", lang="en")


def region_view(night: RegionNight, projection: RegionProjection) -> Plain:
    """One region as the page shows it: counted share, status, a bar per list, the hemicycle."""
    name = region_names().get(projection.region, projection.region)
    lists = [_list_view(item, night.families.get(item.list)) for item in projection.lists]
    leader = max(lists, key=lambda item: item["win"]) if lists else None
    counted = projection.counted_inscrits
    firm = projection.final or (leader is not None and leader["win"] >= FIRM)
    if projection.final:
        status = "final"
    elif counted <= 0 or leader is None:
        status = "waiting"
    else:
        status = "firm" if firm else "counting"
    fill = NO_DATA_FILL
    if leader is not None and status != "waiting":
        fill = leader["colour"] if firm else leader["colour"] + LEANING_ALPHA
    word = {"final": "won by", "firm": "will be won by", "counting": "led by"}.get(status)
    title = f"{name}: {pct(counted, 1)} of inscrits counted"
    if word is not None and leader is not None:
        title += f", {word} {leader['list']} ({leader['win_text']})"
    return {
        "code": projection.region,
        "name": name,
        "counted": round(counted, 4),
        "counted_text": pct(counted, 1),
        "final": projection.final,
        "status": status,
        "leader": None if leader is None or status == "waiting" else leader["list"],
        "fill": fill,
        "title": title,
        "seats_total": night.seats,
        "draws": projection.draws,
        "lists": lists,
        "hemicycle": _hemicycle(night, projection, name),
    }


def _inscrits(night: RegionNight) -> tuple[int, int]:
    """Inscrits counted, and expected (counted, plus the baseline of the units still to come)."""
    counted = sum(unit.inscrits for unit in night.counted.values())
    rest = sum(u.inscrits for code, u in night.baseline.items() if code not in night.counted)
    return counted, counted + rest


def live_state(election: str, round_: int, update: NightUpdate | None) -> Plain:
    """The page's plain data after ``update`` (None: nothing has arrived yet)."""
    state: Plain = {
        "election": election,
        "title": election_title({"id": election}),
        "round": round_,
        "batch": None,
        "updated": None,
        "updated_text": "—",
        "counted": None,
        "counted_text": "—",
        "final": False,
        "error": None,
        "regions": [],
    }
    if update is None:
        return state
    counted = expected = 0
    for night, _ in update.regions:
        done, total = _inscrits(night)
        counted, expected = counted + done, expected + total
    share = counted / expected if expected else None
    regions = sorted(update.regions, key=lambda pair: pair[1].region)
    state.update(
        batch=update.batch,
        updated=update.arrived.isoformat(),
        updated_text=update.arrived.strftime("%H:%M:%S %Z").strip(),
        counted=None if share is None else round(share, 4),
        counted_text=pct(share, 1),
        final=bool(regions) and all(p.final for _, p in regions),
        regions=[region_view(night, projection) for night, projection in regions],
    )
    return state


class LiveBoard:
    """The latest state of the night, numbered; the event streams poll it (thread-safe)."""

    def __init__(self, state: Plain) -> None:
        self._lock = threading.Lock()
        self._version = 0
        self._state = state
        self.closing = threading.Event()

    def publish(self, state: Plain) -> None:
        """Post a new state: every open stream sends it."""
        with self._lock:
            self._version += 1
            self._state = state

    def fail(self, message: str) -> None:
        """Keep the last state, with what stopped the night said on the page."""
        with self._lock:
            state = {**self._state, "error": message}
        self.publish(state)

    def latest(self) -> tuple[int, Plain]:
        """The state's number and the state."""
        with self._lock:
            return self._version, self._state


def follow(feed: NightFeed, board: LiveBoard, stop: threading.Event) -> None:
    """Post each update of ``feed`` on ``board`` until it ends, fails or ``stop`` is set."""
    try:
        for update in feed.updates(stop):
            board.publish(with_cards(live_state(feed.election, feed.round, update)))
            if stop.is_set():
                return
    except BallottageError as exc:
        board.fail(str(exc))
    except Exception as exc:  # the page says it; the server goes on serving the last state
        board.fail(f"the live feed stopped: {type(exc).__name__}: {exc}")


class LiveNight:
    """A feed followed in a background thread from the app's start to its stop."""

    def __init__(self, feed: NightFeed | None) -> None:
        self.feed = feed
        election, round_ = (feed.election, feed.round) if feed is not None else ("", 0)
        self.board = LiveBoard(live_state(election, round_, None))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Follow the feed (once; nothing to do without a feed)."""
        if self.feed is None or self._thread is not None:
            return
        self._thread = threading.Thread(
            target=follow, args=(self.feed, self.board, self._stop), name="live-feed", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop following and end the open event streams."""
        self._stop.set()
        self.board.closing.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


def _event(version: int, state: Plain, kind: str = "update") -> str:
    return f"id: {version}\nevent: {kind}\ndata: {json.dumps(state, ensure_ascii=False)}\n\n"


async def event_stream(board: LiveBoard, request: Request) -> AsyncIterator[str]:
    """Every new state as an ``update`` event; ``end`` after the final one (the page stops)."""
    sent = -1
    idle = 0.0
    yield "retry: 2000\n\n"
    while not board.closing.is_set():
        version, state = board.latest()
        if version != sent:
            sent, idle = version, 0.0
            yield _event(version, state)
            if state["final"] or state["error"]:
                yield _event(version, {}, "end")
                return
        elif idle >= KEEPALIVE_SECONDS:
            idle = 0.0
            yield ": keepalive\n\n"
        if await request.is_disconnected():
            return
        await asyncio.sleep(POLL_SECONDS)
        idle += POLL_SECONDS


def _map(state: Plain) -> Markup:
    fills = {r["code"]: r["fill"] for r in state["regions"] if r["code"] in region_names()}
    titles = {r["code"]: r["title"] for r in state["regions"] if r["code"] in region_names()}
    label = (
        "Map of the regions: grey until a region's first results, then the colour of the "
        f"family of its leading list, pale while the leader is under {pct(FIRM, 0)} to win, "
        "solid once firm or final."
    )
    return Markup(region_map_svg(fills, titles=titles, label=label))


def render_live(state: Plain, *, following: bool) -> str:
    """The page (``templates/live.html.j2``) showing ``state``."""
    template = templates().get_template("live.html.j2")
    return template.render(state=state, following=following, map_svg=_map(state), firm=pct(FIRM, 0))


def with_cards(state: Plain) -> Plain:
    """``state`` with each region's card as HTML (``html``), for the page to insert."""
    macro = templates().get_template("live_region.html.j2").module.region_card  # type: ignore[attr-defined]
    regions = [
        {**region, "html": str(macro(region, state["round"], pct(FIRM, 0))).strip()}
        for region in state["regions"]
    ]
    return {**state, "regions": regions}


def live_router(night: LiveNight, headers: Mapping[str, str]) -> APIRouter:
    """``/live`` (the page), ``/live/state`` (JSON) and ``/live/events`` (server-sent events)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/live")
    def page() -> HTMLResponse:
        _, state = night.board.latest()
        html = render_live(state, following=night.feed is not None)
        return HTMLResponse(html, headers={**headers, "Cache-Control": "no-cache"})

    @router.get("/live/state")
    def state() -> Plain:
        return night.board.latest()[1]

    @router.get("/live/events")
    def events(request: Request) -> StreamingResponse:
        return StreamingResponse(
            event_stream(night.board, request),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    return router

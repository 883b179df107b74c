"""The election-night page of ``ballottage serve --live``: ``/live`` and its event stream.

A :class:`NightFeed` (the feed follower, or a test's) yields a :class:`NightUpdate` after each
batch: every region's night and projection. A background thread turns each into the page's
document (:func:`live_state`, a :class:`~ballottage.vocabulary.live.LivePageDoc`) and posts
it on the :class:`LiveBoard`; ``GET /live/events`` streams every new state as a server-sent
event, and the page's script (``static/live.js``) moves the bars.
``GET /live`` renders the latest state as plain HTML (it reads without the script), and
``GET /live/state`` answers it as JSON. Nothing here reads a file: the feed does.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from markupsafe import Markup

from ballottage.errors import BallottageError
from ballottage.report.build import pct, templates
from ballottage.report.regions_map import region_map_svg, region_names
from ballottage.vocabulary.live import LivePageDoc
from ballottage.web.live_view import FIRM, NightUpdate, live_state

if TYPE_CHECKING:
    from ballottage.live.follow import NightUpdate as FollowerUpdate

POLL_SECONDS = 0.2
"""How often an open event stream looks for a new state."""

KEEPALIVE_SECONDS = 15.0
"""An idle event stream sends a comment this often, so proxies keep it open."""


class NightFeed(Protocol):
    """Where the updates come from: an election's round followed until ``stop`` is set."""

    @property
    def election(self) -> str:
        """The election followed (its id)."""
        ...

    @property
    def round(self) -> int:
        """The round followed, 1 or 2."""
        ...

    def updates(self, stop: threading.Event) -> Iterator[NightUpdate]:
        """Each update as its batch is imported and projected; returns when the night is over."""
        ...


@dataclass(frozen=True)
class FollowedNight:
    """A source followed by the feed's :class:`~ballottage.live.follow.Follower`: each batch
    imported into the journal of the store at ``db`` (None: the user cache), every region it
    touches re-projected with ``draws`` draws. The store and the feed's readers are opened in
    the follower's thread, when the server starts: importing this module reads no file.
    """

    source: str
    election: str
    round: int
    db: str | Path | None = None
    interval: float = 1.0
    draws: int = 10_000

    def updates(self, stop: threading.Event) -> Iterator[NightUpdate]:
        """Each batch's update; while the source is out of reach, a warning, then a retry."""
        from ballottage.data.store import open_store
        from ballottage.live.follow import Follower
        from ballottage.live.sources import FeedUnavailable, open_source
        from ballottage.scenarios.store import election_id

        with open_store(self.db) as store:
            election = election_id(store, self.election)
            names = {r.code: r.name for r in store.regions(election)}
            yield NightUpdate(None, "", (), None, election)
            follower: Follower | None = None
            while not stop.is_set():
                try:
                    if follower is None:
                        source = open_source(self.source, self.round)
                        follower = Follower(store, source, election, self.round, draws=self.draws)
                    for update in follower.updates(stop, interval=self.interval):
                        yield _night_update(update, election, self.round, names)
                    return
                except FeedUnavailable as exc:
                    said = f"waiting for the source: {exc}"
                    yield NightUpdate(datetime.now(UTC), "", (), said, election)
                    stop.wait(self.interval)


def _night_update(
    update: FollowerUpdate, election: str, round_: int, names: Mapping[str, str]
) -> NightUpdate:
    """The page's update from the follower's, with its document of the JSON vocabulary (as
    ``ballottage live --json`` prints it)."""
    from ballottage.vocabulary.live import LiveUpdateDoc

    document = LiveUpdateDoc.of(update, election, round_, names)
    report = update.report
    warning = update.warning
    if report is not None and report.refused:
        warning = f"batch {report.tag} from {report.source} refused: {report.refused}"
    arrived = report.arrived_at if report is not None else datetime.now(UTC)
    if arrived.tzinfo is None:
        arrived = arrived.replace(tzinfo=UTC)
    batch = "" if report is None or report.id is None else str(report.id)
    updated = {
        code: when if when.tzinfo is not None else when.replace(tzinfo=UTC)
        for code, when in update.updated.items()
    }
    return NightUpdate(arrived, batch, update.regions, warning, election, updated, document)


class LiveBoard:
    """The latest state of the night, numbered; the event streams poll it (thread-safe)."""

    def __init__(self, state: LivePageDoc) -> None:
        self._lock = threading.Lock()
        self._version = 0
        self._state = state
        self.closing = threading.Event()

    def publish(self, state: LivePageDoc) -> None:
        """Post a new state: every open stream sends it."""
        with self._lock:
            self._version += 1
            self._state = state

    def fail(self, message: str) -> None:
        """Keep the last state, with what stopped the night said on the page."""
        with self._lock:
            state = self._state.model_copy(update={"error": message})
        self.publish(state)

    def latest(self) -> tuple[int, LivePageDoc]:
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

    def closing(self) -> None:
        """The server is stopping: stop following and end the open event streams at once (they
        would otherwise hold the server's graceful shutdown until its time-out)."""
        self._stop.set()
        self.board.closing.set()

    def stop(self) -> None:
        """Stop following, end the open event streams, wait for the follower's thread."""
        self.closing()
        if self._thread is not None:
            self._thread.join(timeout=5)


def _event(version: int, state: LivePageDoc | None, kind: str = "update") -> str:
    data = "{}"
    if state is not None:  # each card's HTML holds its hemicycle: not sent twice
        regions = tuple(r.model_copy(update={"hemicycle": None}) for r in state.regions)
        data = state.model_copy(update={"regions": regions}).model_dump_json(by_alias=True)
    return f"id: {version}\nevent: {kind}\ndata: {data}\n\n"


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
            if state.final or state.error:
                yield _event(version, None, "end")
                return
        elif idle >= KEEPALIVE_SECONDS:
            idle = 0.0
            yield ": keepalive\n\n"
        if await request.is_disconnected():
            return
        await asyncio.sleep(POLL_SECONDS)
        idle += POLL_SECONDS


def _map(state: LivePageDoc) -> Markup:
    fills = {r.code: r.fill for r in state.regions if r.code in region_names()}
    titles = {r.code: r.title for r in state.regions if r.code in region_names()}
    label = (
        "Map of the regions: grey until a region's first results, then the colour of the "
        f"family of its leading list, pale while the leader is under {pct(FIRM, 0)} to win, "
        "solid once firm or final."
    )
    return Markup(region_map_svg(fills, titles=titles, label=label))


def render_live(state: LivePageDoc, *, following: bool) -> str:
    """The page (``templates/live.html.j2``) showing ``state``."""
    template = templates().get_template("live.html.j2")
    return template.render(state=state, following=following, map_svg=_map(state), firm=pct(FIRM, 0))


def with_cards(state: LivePageDoc) -> LivePageDoc:
    """``state`` with each region's card as HTML (``html``), for the page to insert."""
    macro = templates().get_template("live_region.html.j2").module.region_card  # type: ignore[attr-defined]
    regions = tuple(
        region.model_copy(update={"html": str(macro(region, state.round, pct(FIRM, 0))).strip()})
        for region in state.regions
    )
    return state.model_copy(update={"regions": regions})


def live_router(night: LiveNight, headers: Mapping[str, str]) -> APIRouter:
    """``/live`` (the page), ``/live/state`` (JSON) and ``/live/events`` (server-sent events)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/live")
    def page() -> HTMLResponse:
        _, state = night.board.latest()
        html = render_live(state, following=night.feed is not None)
        return HTMLResponse(html, headers={**headers, "Cache-Control": "no-cache"})

    @router.get("/live/state")
    def state() -> Response:
        text = night.board.latest()[1].model_dump_json(by_alias=True)
        return Response(text, media_type="application/json")

    @router.get("/live/events")
    def events(request: Request) -> StreamingResponse:
        return StreamingResponse(
            event_stream(night.board, request),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    return router

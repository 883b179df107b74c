"""The live page and its event stream, fed by a scripted night (``live_fakes``)."""

from __future__ import annotations

import json
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.exceptions import StarletteDeprecationWarning
from tests.unit.web.live_fakes import ELECTION, BrokenFeed, ScriptedFeed, night_updates

from ballottage.live.projection import Interval, ListProjection
from ballottage.vocabulary.live import LivePageDoc
from ballottage.web.app import create_app
from ballottage.web.live import render_live
from ballottage.web.live_view import council_seats, live_state

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


def state_of(*args: Any) -> dict[str, Any]:
    """The page's state after an update, as its JSON reads."""
    return live_state(*args).model_dump(mode="json", by_alias=True)


def events(client: TestClient) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each ``(event, data)`` of ``/live/events`` until the stream ends."""
    with client.stream("GET", "/live/events") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        kind = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: ") and kind is not None:
                data = line.removeprefix("data: ")
                if kind == "update":  # a document of the vocabulary (api-live-state.json)
                    LivePageDoc.model_validate_json(data)
                yield kind, json.loads(data)


def wins(state: dict[str, Any], region: str) -> dict[str, float]:
    found = next(r for r in state["regions"] if r["code"] == region)
    return {item["list"]: item["win"] for item in found["lists"]}


def test_the_stream_sends_every_batch_then_ends_on_the_final_count() -> None:
    with TestClient(create_app(":memory:", live=ScriptedFeed(pause=0.05))) as client:
        received = list(events(client))
    kinds = [kind for kind, _ in received]
    assert kinds[-1] == "end" and set(kinds[:-1]) == {"update"}
    updates = [data for kind, data in received if kind == "update" and data["regions"]]
    # The stream may join after the first batches: it always sends the latest, ending final.
    last = updates[-1]
    assert last["final"] and last["counted"] == 1.0 and last["batch"] == "4"
    assert wins(last, "32") == {"BERTRAND Xavier": 1.0, "LE PEN Marine": 0.0}
    assert [r["leader"] for r in last["regions"]] == ["BERTRAND Xavier", "LE DRIAN Jean-Yves"]
    assert all(r["status"] == "final" and r["html"].startswith("<section") for r in last["regions"])


def test_each_batch_moves_the_bars_while_the_stream_is_open() -> None:
    gate = threading.Semaphore(0)
    with TestClient(create_app(":memory:", live=ScriptedFeed(gate=gate))) as client:
        seen: list[float] = []
        for kind, data in events(client):
            if kind == "update":
                if data["regions"]:
                    seen.append(wins(data, "32")["BERTRAND Xavier"])
                gate.release()  # the next batch arrives once this one was received
    assert seen == [0.40, 0.70, 0.90, 1.0]


def test_the_page_shows_the_latest_state_without_its_script() -> None:
    with TestClient(create_app(":memory:", live=ScriptedFeed())) as client:
        for kind, _ in events(client):
            if kind == "end":
                break
        response = client.get("/live")
        state = client.get("/live/state").json()
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assert '<script src="/static/live.js" defer></script>' in html
    assert "100.0\u00a0%</strong> of inscrits counted" in html
    assert html.count('data-status="final"') == 2 and "won by" in html
    assert html.count('class="hemicycle"') == 2 and "https://" not in html
    assert state["final"] and state["regions"][0]["fill"] == "#1f6fd0"  # the right's, solid


def test_without_a_feed_the_page_says_how_to_follow_a_night() -> None:
    with TestClient(create_app(":memory:")) as client:
        page = client.get("/live")
        state = client.get("/live/state").json()
        script = client.get("/static/live.js")
    assert page.status_code == 200 and "No night is being followed" in page.text
    assert "/static/live.js" not in page.text
    assert state["regions"] == [] and state["counted"] is None
    assert script.status_code == 200 and "EventSource" in script.text


def test_a_failing_feed_is_said_on_the_page_and_ends_the_stream() -> None:
    with TestClient(create_app(":memory:", live=BrokenFeed())) as client:
        received = list(events(client))
        page = client.get("/live").text
    assert received[-1][0] == "end"
    last = received[-2][1]
    assert last["error"] == "the live feed stopped: RuntimeError: the source went away"
    assert len(last["regions"]) == 2  # the last state is kept
    assert 'role="alert">the live feed stopped' in page


def test_regions_fill_the_map_as_they_firm_up() -> None:
    first, second, third, final = (state_of(ELECTION, 2, u) for u in night_updates())
    assert [r["status"] for r in first["regions"]] == ["waiting", "waiting"]
    assert first["regions"][0]["fill"] == "#d0d0d0" and first["counted"] == 0.0
    assert second["regions"][0]["fill"] == "#1f6fd066"  # Bertrand leads at 70 %: pale
    assert third["regions"][0]["status"] == "counting"  # 90 %: not yet firm
    assert [r["status"] for r in final["regions"]] == ["final", "final"]
    page = render_live(live_state(ELECTION, 2, night_updates()[2]), following=True)
    assert 'data-region="32" fill="#1f6fd066"' in page
    assert "66.7\u00a0%</strong> of inscrits counted" in page and "20:30:00 UTC" in page
    assert [r["updated_text"] for r in third["regions"]] == ["20:30:00 UTC", None]
    assert 'class="region-updated">updated 20:30:00 UTC' in page


def test_the_hemicycle_holds_the_council_and_final_seats_are_exact() -> None:
    final = state_of(ELECTION, 2, night_updates()[-1])
    hdf = final["regions"][0]
    assert hdf["hemicycle"].count("<circle ") == 170
    assert "council of 170 seats" in hdf["hemicycle"] and "projected" not in hdf["hemicycle"]
    assert [item["seats_text"] for item in hdf["lists"]] == ["116", "54"]
    counting = state_of(ELECTION, 2, night_updates()[1])["regions"][0]
    assert counting["lists"][0]["seats_text"] == "116 (114–118)"
    assert "projected council" in counting["hemicycle"]


def test_a_round_one_night_shows_who_reaches_ten_percent_and_no_council() -> None:
    state = state_of(ELECTION, 1, night_updates(round_=1)[2])
    bretagne = state["regions"][1]
    assert bretagne["hemicycle"] is None and bretagne["leader"] == "LE DRIAN Jean-Yves"
    assert [item["stand_text"] for item in bretagne["lists"]] == [
        "100\u00a0%",
        "43\u00a0%",
        "29\u00a0%",
    ]
    page = render_live(live_state(ELECTION, 1, night_updates(round_=1)[2]), following=True)
    assert "Reaches 10 %" in page and "Seats (90 % interval)" not in page
    assert "round 1" in page and 'class="hemicycle"' not in page
    final = state_of(ELECTION, 1, night_updates(round_=1)[-1])["regions"][1]
    assert final["leader_word"] == "first in round 1:" and "won by" not in final["title"]


def test_serve_live_needs_an_election_and_a_round() -> None:
    from typer.testing import CliRunner

    from ballottage.cli import app

    runner = CliRunner()
    alone = runner.invoke(app, ["serve", "--live", "http://127.0.0.1:1/"])
    assert alone.exit_code == 2 and "--live needs --election and --round" in alone.output
    stray = runner.invoke(app, ["serve", "--election", "2021"])
    assert stray.exit_code == 2 and "go with --live SOURCE" in stray.output


@settings(deadline=None, derandomize=True, database=None)
@given(
    st.lists(st.floats(0.01, 80, allow_nan=False), min_size=1, max_size=8),
    st.integers(1, 200),
)
def test_council_seats_are_whole_and_add_up(means: list[float], seats: int) -> None:
    scale = seats / sum(means)
    lists = [
        ListProjection(f"L{i}", Interval(0, 0, 0), Interval(m * scale, 0, 0), 0, None, None, None)
        for i, m in enumerate(means)
    ]
    whole = council_seats(lists, seats)
    assert sum(whole.values()) == seats
    for item in lists:
        assert abs(whole[item.list] - item.seats.mean) < 1  # type: ignore[union-attr]


@pytest.mark.parametrize("step", [0, 3])
def test_the_state_is_a_document_of_the_vocabulary(step: int) -> None:
    state = live_state(ELECTION, 2, night_updates()[step])
    text = state.model_dump_json(by_alias=True)
    assert LivePageDoc.model_validate_json(text) == state and json.loads(text)["schema"] == 1

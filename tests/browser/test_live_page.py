"""The election-night page in Chromium: its bars move as batches arrive, then every region is final.

First a real night: ``ballottage live replay`` publishes the 2015 round 2 (synthetic, on the real
round-1 cantons) in the Ministry's layout while the app follows it (``serve --live``'s feed) and
the page takes each batch from its event stream, with no reload. Then a scripted night
(``tests/unit/web/live_fakes.py``), let through batch by batch, for the details and axe-core.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.browser.audit import WIDTHS, axe_violations, hidden_cells
from tests.unit.web.live_fakes import LISTS, ScriptedFeed, night_updates

from ballottage.web.live import FollowedNight, NightFeed

pytestmark = pytest.mark.browser

WINNERS = {"32": "BERTRAND Xavier", "53": "LE DRIAN Jean-Yves"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(feed: NightFeed, db: str | Path = ":memory:") -> Iterator[str]:
    """The app following ``feed``, served by Uvicorn on 127.0.0.1 in a thread."""
    import uvicorn

    from ballottage.web.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(db, live=feed), host="127.0.0.1", port=port, log_level="warning",
        ws="none", timeout_graceful_shutdown=1,
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextlib.contextmanager
def live_tab(browser: Any, url: str, width: int = 1280) -> Iterator[Any]:
    """``/live`` open in a new tab, its console errors collected in ``tab.errors``."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.goto(url + "/live")
    try:
        yield tab
    finally:
        context.close()


def bar_widths(tab: Any) -> dict[str, float]:
    """Each list's probability bar: its width as a share of its track."""
    found: dict[str, float] = tab.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(".region tbody tr")].map((tr) =>
            [tr.closest(".region").dataset.region + " " + tr.dataset.list,
             parseFloat(tr.querySelector(".fill").style.width)]))"""
    )
    return found


@contextlib.contextmanager
def replaying(db: Path, port: int, *args: str) -> Iterator[subprocess.Popen[str]]:
    """``ballottage live replay ARGS`` on 127.0.0.1:``port``, stopped at the end."""
    command = [sys.executable, "-m", "ballottage", "live", "replay", *args]
    command += ["--port", str(port), "--db", str(db)]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as replay:
        try:
            yield replay
        finally:
            replay.terminate()
            replay.wait(timeout=10)


def region_figures(tab: Any) -> dict[str, dict[str, Any]]:
    """Each region card: status, counted share, leader line, and its lists' shares (%)."""
    found: dict[str, dict[str, Any]] = tab.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(".region")].map((card) => [
            card.dataset.region, {
              status: card.dataset.status,
              counted: card.querySelector(".counted-text").textContent,
              leader: (card.querySelector(".leader-text") || {}).textContent || null,
              shares: Object.fromEntries([...card.querySelectorAll("tbody tr")].map((tr) =>
                [tr.dataset.list, parseFloat(tr.querySelector(".share-cell").textContent)])),
            }]))"""
    )
    return found


def test_the_bars_move_while_a_replay_publishes_batches(
    browser: Any, artefacts: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    db = tmp_path / "night.duckdb"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    feed = FollowedNight(url, "regionales-2015", 2, db, interval=0.5, draws=500)
    with serving(feed, db) as page_url, live_tab(browser, page_url) as tab:
        expect(tab.locator("#warning")).to_contain_text("waiting for the source")
        args = ("2015", "--round", "2", "--batches", "6", "--interval", "3", "--linger", "300")
        with replaying(tmp_path / "replay.duckdb", port, *args) as replay:
            seen: dict[str, dict[str, float]] = {}
            deadline = time.monotonic() + 240
            while tab.get_attribute("body", "data-final") != "true":
                problem = tab.locator("#error").text_content()
                if problem or replay.poll() is not None or time.monotonic() > deadline:
                    said = (
                        replay.stdout.read() if replay.poll() is not None and replay.stdout else ""
                    )
                    pytest.fail(
                        f"the night did not end: {problem!r}; batches {sorted(seen)}; {said}"
                    )
                batch = tab.get_attribute("body", "data-batch") or ""
                if batch and batch not in seen:
                    seen[batch] = bar_widths(tab)
                tab.wait_for_timeout(100)
            figures = region_figures(tab)
            document = tab.request.get(page_url + "/live/state").json()["document"]
            expect(tab.locator("#counted")).to_have_text("100.0\u00a0%")
            tab.screenshot(path=str(artefacts / "live-replay-final.png"), full_page=True)
            assert tab.errors == []
    assert len(seen) >= 3, f"the page took only batches {sorted(seen)}"
    moved = [
        bar
        for before, after in zip(seen.values(), list(seen.values())[1:], strict=False)
        for bar in before.keys() & after.keys()
        if before[bar] != after[bar]
    ]
    assert moved, "no probability bar moved between batches"
    # The end of the night: every region counted, won by the list with the most votes (L338).
    # Each event also carries the night as `ballottage live --json` prints it (docs/json.md).
    assert document["schema"] == 1 and document["complete"] is True
    assert {r["region"]["code"] for r in document["regions"]} == set(figures)
    assert len(figures) >= 13  # each region the night holds: overseas ones may have no cantons
    for code, region in figures.items():
        assert region["status"] == "final" and region["counted"] == "100.0\u00a0%", code
        first = max(region["shares"], key=region["shares"].get)
        assert region["leader"] == f"won by {first}", code


def test_the_bars_move_as_batches_arrive_and_every_region_ends_counted(
    browser: Any, artefacts: Path
) -> None:
    from playwright.sync_api import expect

    gate = threading.Semaphore(0)
    with serving(ScriptedFeed(gate=gate)) as url, live_tab(browser, url) as tab:
        expect(tab.locator("#waiting")).to_be_visible()
        widths = []
        for batch in range(1, len(night_updates()) + 1):
            gate.release()  # the feed lets one more batch through
            expect(tab.locator("body")).to_have_attribute("data-batch", str(batch))
            widths.append(bar_widths(tab))
            if batch == 2:
                tab.screenshot(path=str(artefacts / "live-counting.png"), full_page=True)
        assert len(widths[0]) == sum(len(families) for _, families in LISTS.values())
        for before, after in zip(widths, widths[1:], strict=False):
            assert before.keys() == after.keys() and before != after  # the same bars, moved
        assert widths[-1]["32 BERTRAND Xavier"] == 100.0
        assert widths[-1]["32 LE PEN Marine"] == 0.0

        expect(tab.locator("body")).to_have_attribute("data-final", "true")
        expect(tab.locator("#counted")).to_have_text("100.0\u00a0%")
        for code, winner in WINNERS.items():
            card = tab.locator(f"#region-{code}")
            expect(card).to_have_attribute("data-status", "final")
            expect(card.locator(".counted-text")).to_have_text("100.0\u00a0%")
            expect(card.locator(".leader-text")).to_have_text(f"won by {winner}")
            expect(card.locator("svg.hemicycle circle")).to_have_count(LISTS[code][0])
            fill = tab.locator(f'.map-box path[data-region="{code}"]').get_attribute("fill")
            assert fill is not None and len(fill) == 7  # solid: the winner's colour
        expect(tab.locator("#announce")).to_contain_text("final, won by BERTRAND Xavier")
        tab.screenshot(path=str(artefacts / "live-final.png"), full_page=True)
        assert tab.errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_live_page_passes_axe_while_counting_and_when_final(
    browser: Any, axe_script: Path, width: int
) -> None:
    from playwright.sync_api import expect

    gate = threading.Semaphore(0)
    with serving(ScriptedFeed(gate=gate)) as url, live_tab(browser, url, width) as tab:
        for batch in (1, 2):
            gate.release()
            expect(tab.locator("body")).to_have_attribute("data-batch", str(batch))
        assert axe_violations(tab, axe_script) == []
        assert hidden_cells(tab) == []
        assert tab.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        for _ in (3, 4):
            gate.release()
        expect(tab.locator("body")).to_have_attribute("data-final", "true")
        tab.reload()  # the final state as the server renders it, with no event applied
        expect(tab.locator('.region[data-status="final"]')).to_have_count(len(WINNERS))
        assert axe_violations(tab, axe_script) == []
        assert tab.errors == []

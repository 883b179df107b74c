"""A whole night end to end on 127.0.0.1: a replay publishes 2021 round 1 by department, the
follower imports each batch and projects every region; at the end the projection is the
official result. Killed mid-night and started again, it resumes from the store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ballottage.data import Store, open_store
from ballottage.live.feed import UnitResult
from ballottage.live.follow import Follower
from ballottage.live.journal import Journal
from ballottage.live.replay import Publication, batches, night_units, ordered
from ballottage.live.server import ReplayServer
from ballottage.live.sources import open_source
from tests.live.conftest import START

ELECTION = "regionales-2021"


def official_shares(store: Store, region: str) -> dict[str, float]:
    results = store.round_results(ELECTION, region, 1)
    exprimes = results.turnout.exprimes
    assert exprimes
    return {lv.list.head: lv.votes / exprimes for lv in results.lists}


def assert_official(store: Store, journal: Journal, units: tuple[UnitResult, ...]) -> None:
    state = journal.state()
    # Guyane elects no regional council: its units are set aside
    assert {u.area: u for u in units if u.region != "03"} == state


@pytest.fixture
def replay(units_2021: tuple[UnitResult, ...]) -> Iterator[ReplayServer]:
    sequence = ordered(units_2021, "realistic", seed=0)
    server = ReplayServer(
        Publication(2021, 1, sequence, START), batches(sequence, 5), interval=3600
    )
    server.start()
    yield server
    server.stop()


def test_a_replayed_night_ends_on_the_official_result(
    tmp_path: Path, replay: ReplayServer, units_2021: tuple[UnitResult, ...]
) -> None:
    with open_store(tmp_path / "night.duckdb") as store:
        follower = Follower(store, open_source(replay.url, 1), ELECTION, 1, draws=200, seed=1)
        assert follower.step() is None  # nothing reported yet
        counted = []
        update = None
        while replay.publish_next():
            update = follower.step()
            assert update is not None and update.report is not None
            assert update.report.refused is None
            counted.append(sum(p.counted_inscrits for _, p in update.regions))
        assert update is not None and update.complete
        assert counted == sorted(counted)  # the counted share only grows
        for night, projection in update.regions:
            assert projection.final and projection.counted_inscrits == pytest.approx(1.0)
            official = official_shares(store, night.region)
            assert {p.list: p.share.mean for p in projection.lists} == pytest.approx(official)
            assert {p.list: p.share.low for p in projection.lists} == pytest.approx(official)
            winner = max(official, key=lambda head: official[head])
            assert next(p.win for p in projection.lists if p.list == winner) == 1.0
        assert_official(store, follower.journal, units_2021)
        assert follower.step() is None


def _live(url: str, db: Path, stderr: int | None = None) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "ballottage",
        "live",
        url,
        "--election",
        ELECTION,
        "--round",
        "1",
        "--json",
        "--draws",
        "200",
        "--interval",
        "0.1",
        "--db",
        str(db),
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True, env=env)


def _read_lines(process: subprocess.Popen[str], into: list[dict[str, Any]]) -> threading.Thread:
    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            into.append(json.loads(line))

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def _counted(update: dict[str, Any]) -> int:
    return sum(int(r["units_counted"]) for r in update["regions"])


def _wait(condition: Callable[[], bool], seconds: float = 240.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_killed_mid_night_it_resumes_without_losing_or_double_counting(
    tmp_path: Path, replay: ReplayServer, units_2021: tuple[UnitResult, ...]
) -> None:
    db = tmp_path / "night.duckdb"
    first: list[dict[str, Any]] = []
    process = _live(replay.url, db)
    reader = _read_lines(process, first)
    replay.publish_next()
    replay.publish_next()
    early = len([u for b in replay.batches[:2] for u in b if u.region != "03"])
    _wait(lambda: bool(first) and _counted(first[-1]) == early)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    reader.join(timeout=10)
    assert process.stdout is not None
    process.stdout.close()
    replay.publish_next()  # published while the follower is down

    second: list[dict[str, Any]] = []
    process = _live(replay.url, db)
    reader = _read_lines(process, second)
    _wait(lambda: bool(second))
    while replay.publish_next():
        pass
    assert process.wait(timeout=300) == 0  # exits once every unit is counted
    reader.join(timeout=10)
    assert process.stdout is not None
    process.stdout.close()
    assert second[0]["batch"] is None  # resumed: the journal's state, shown before any poll
    assert _counted(second[0]) == early
    assert second[-1]["complete"] is True
    with Store(db) as store:
        journal = Journal(store, ELECTION, 1)
        imported = [b for b in journal.batches() if b.refused is None]
        assert len({(b.source, b.tag) for b in imported}) == len(imported)
        # each unit stored once: a batch re-read after the restart adds only what is new
        assert sum(b.changed for b in imported) == len([u for u in units_2021 if u.region != "03"])
        assert_official(store, journal, units_2021)


def test_a_synthetic_round_2_replayed_ends_on_its_own_result(
    tmp_path: Path, bundled: Store
) -> None:
    units, note = night_units(bundled, ELECTION, 2, "department", seed=2)
    assert note is not None and "synthetic" in note
    sequence = ordered(units, "realistic", seed=0)
    server = ReplayServer(
        Publication(2021, 2, sequence, START), batches(sequence, 3), interval=3600
    )
    server.start()
    try:
        with open_store(tmp_path / "night.duckdb") as store:
            follower = Follower(store, open_source(server.url, 2), ELECTION, 2, draws=200)
            update = None
            while server.publish_next():
                update = follower.step()
            assert update is not None and update.complete
            for night, projection in update.regions:
                mine = [u for u in units if u.region == night.region]
                exprimes = sum(u.exprimes for u in mine)
                totals = {
                    head: sum(u.votes().get(head, 0) for u in mine)
                    for head in night.counted[next(iter(night.counted))].votes
                }
                assert projection.final
                assert {p.list: p.share.mean for p in projection.lists} == pytest.approx(
                    {h: v / exprimes for h, v in totals.items()}
                )
                seats = [p.seats for p in projection.lists]
                assert all(s is not None and s.low == s.high for s in seats)
                assert sum(s.mean for s in seats if s is not None) == night.seats
    finally:
        server.stop()


@contextmanager
def _replay_command(tmp_path: Path, env: dict[str, str]) -> Iterator[str]:
    """``ballottage live replay 2021 --round 1`` running; yields its address."""
    replay = subprocess.Popen(
        [
            sys.executable, "-m", "ballottage", "live", "replay", "2021", "--round", "1",
            "--order", "realistic", "--port", "0", "--interval", "0.5", "--batches", "4",
            "--linger", "600", "--db", str(tmp_path / "replay.duckdb"),
        ],
        stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert replay.stdout is not None
        said = replay.stdout.readline()
        while "http://" not in said:
            said += replay.stdout.readline()
        yield said[said.index("http://") :].split()[0]
    finally:
        replay.kill()
        replay.wait(timeout=10)
        if replay.stdout is not None:
            replay.stdout.close()


def test_the_two_commands_of_the_must_show(tmp_path: Path, bundled: Store) -> None:
    """``ballottage live replay 2021 --round 1`` in one process, ``ballottage live URL`` in
    another: the follower's last line is the official result of every region."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    with _replay_command(tmp_path, env) as url:
        follow = subprocess.run(
            [
                sys.executable, "-m", "ballottage", "live", url, "--election", ELECTION,
                "--round", "1", "--draws", "200", "--interval", "0.2",
                "--db", str(tmp_path / "night.duckdb"),
            ],
            capture_output=True, text=True, env=env, timeout=600, check=False,
        )  # fmt: skip
    assert follow.returncode == 0, follow.stderr
    last = json.loads(follow.stdout.splitlines()[-1])  # piped: JSON lines
    assert last["schema"] == 1 and last["complete"] is True
    for region in last["regions"]:
        assert region["final"] is True
        official = official_shares(bundled, region["region"]["code"])
        shares = {item["list"]: item["share"]["mean"] for item in region["lists"]}
        assert shares == pytest.approx(official, abs=1e-4)
        assert region["lists"][0]["p_first"] == 1.0
        assert region["lists"][0]["list"] == max(official, key=lambda h: official[h])


def test_ctrl_c_stops_the_follower_cleanly(tmp_path: Path, replay: ReplayServer) -> None:
    lines: list[dict[str, Any]] = []
    process = _live(replay.url, tmp_path / "night.duckdb", stderr=subprocess.PIPE)
    reader = _read_lines(process, lines)
    replay.publish_next()
    _wait(lambda: bool(lines))
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0
    reader.join(timeout=10)
    assert process.stdout is not None and process.stderr is not None
    said = process.stderr.read()
    process.stdout.close()
    process.stderr.close()
    assert "Stopped: every batch imported so far is in the store's journal." in said
    assert "Traceback" not in said

"""The resident process: a command it runs prints, exits and stops exactly as it would alone."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ballottage import resident

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the resident is Linux-only")

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "import sys; from ballottage.launcher import main; sys.argv[0] = 'ballottage'; main()"
DELEGATED = textwrap.dedent(
    """
    import sys
    from ballottage import resident
    sys.argv[0] = 'ballottage'
    k = resident.key()
    conn = resident.connect(resident.socket_path(k))
    if conn is None:
        sys.exit(99)  # no resident: the test must not pass by running the command here
    status = resident.delegate(conn, k)
    sys.exit(98 if status is None else status)
    """
)
"""``ballottage ARGS`` run by the resident, or exit status 98/99 (declined / no resident)."""


def environment(cache: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(cache), "BALLOTTAGE_RESIDENT": "1", **extra}


def alone(args: list[str], cache: Path) -> subprocess.CompletedProcess[bytes]:
    """``ballottage ARGS`` in its own process (no resident)."""
    env = environment(cache, BALLOTTAGE_RESIDENT="0")
    return subprocess.run([sys.executable, "-c", SCRIPT, *args], env=env, capture_output=True)


def served(
    args: list[str], cache: Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``ballottage ARGS`` run by the resident of ``cache`` (which must be listening)."""
    done = subprocess.run(
        [sys.executable, "-c", DELEGATED, *args],
        env=environment(cache),
        capture_output=True,
        cwd=cwd,
    )
    assert done.returncode not in (98, 99), done
    return done


def simulating(
    cache: Path, store: Path, draws: int = 100_000_000, **options: Any
) -> subprocess.Popen[bytes]:
    """A caller whose command (a long ``simulate`` over ``store``) the resident of ``cache``
    runs; the test ends it."""
    args = ["simulate", "examples/hdf-2015.toml", "--draws", str(draws), "--seed", "1"]
    options.setdefault("stdout", subprocess.DEVNULL)
    options.setdefault("stderr", subprocess.DEVNULL)
    options.setdefault("preexec_fn", interactive)
    return subprocess.Popen(
        [sys.executable, "-c", DELEGATED, *args, "--db", str(store)],
        env=environment(cache),
        cwd=ROOT,
        **options,
    )


def interactive() -> None:
    """Signals as a terminal's shell leaves them to a command it starts. One started by a script
    in the background may ignore Ctrl-C or Ctrl-Z, and then neither stops it, with or without a
    resident: the tests of those signals must not depend on how the test run was started."""
    for signum in (signal.SIGINT, signal.SIGTSTP, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def sockets(cache: Path) -> list[Path]:
    folder = cache / "ballottage" / "resident"
    return sorted(folder.glob("*.sock")) if folder.is_dir() else []


def processes_of(cache: Path) -> list[int]:
    """The residents started for ``cache`` (their command line names its socket)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"ballottage.resident_server" in command and str(cache).encode() in command:
            found.append(int(entry.name))
    return found


def wait_for(condition: object, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A user cache whose resident is listening (started by a first command, as a user's)."""
    folder = tmp_path_factory.mktemp("cache")
    first = subprocess.run(
        [sys.executable, "-c", SCRIPT, "allocate", "--seats", "9", "A=3", "B=1"],
        env=environment(folder),
        capture_output=True,
        check=True,
    )
    assert b"A" in first.stdout
    wait_for(lambda: sockets(folder))
    yield folder
    for path in sockets(folder):
        path.unlink()
    wait_for(lambda: not processes_of(folder), 10)  # a resident stops once its socket is gone


@pytest.mark.parametrize(
    "args",
    [
        ["allocate", "--rules", "regionales-2015", "--seats", "19", "A=4000", "B=3000", "C=400"],
        ["allocate", "--seats", "19", "--explain", "A=4000", "B=3000"],
        ["qualify", "A=4000", "B=3000", "C=400"],
        ["rules", "--json"],
        ["allocate", "--rules", "nope", "A=1"],  # an error: one line, status 2
        ["allocate", "--rules", "nope", "A=1", "--json"],
        ["allocate", "--seats", "x", "A=1"],  # a usage error
        ["--version"],
    ],
)
def test_a_command_prints_and_exits_as_it_does_alone(args: list[str], cache: Path) -> None:
    expected = alone(args, cache)
    got = served(args, cache)
    assert (got.returncode, got.stdout, got.stderr) == (
        expected.returncode,
        expected.stdout,
        expected.stderr,
    )


def test_on_a_terminal_it_draws_what_it_draws_alone(cache: Path) -> None:
    """Colours and width come from the caller's terminal, not from the resident's /dev/null."""

    def on_a_terminal(code: str, switch: str) -> bytes:
        leader, follower = pty.openpty()
        env = environment(cache, TERM="xterm-256color", COLUMNS="72", BALLOTTAGE_RESIDENT=switch)
        env.pop("NO_COLOR", None)
        args = ["qualify", "A=4000", "B=3000", "C=400"]
        done = subprocess.run(
            [sys.executable, "-c", code, *args], env=env, stdout=follower, stderr=follower
        )
        os.close(follower)
        out = b""
        while chunk := _read(leader):
            out += chunk
        os.close(leader)
        assert done.returncode == 0
        return out

    on_a_terminal(SCRIPT, "1")  # TERM and COLUMNS are read while loading: a resident of their own
    wait_for(lambda: len(sockets(cache)) == 2)
    drawn = on_a_terminal(DELEGATED, "1")
    assert b"\x1b[" in drawn  # in colour: the copy saw a terminal
    assert drawn == on_a_terminal(SCRIPT, "0")


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the terminal's other end is closed
        return b""


def test_it_works_in_the_callers_directory(cache: Path, tmp_path: Path) -> None:
    done = served(["elections", "--db", "here.duckdb", "--json"], cache, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "here.duckdb").is_file()
    assert b'"schema": 1' in done.stdout


def test_ctrl_c_stops_the_command_and_a_killed_caller_takes_it_down(
    cache: Path, tmp_path: Path
) -> None:
    store = tmp_path / "s.duckdb"
    assert served(["elections", "--db", str(store)], cache).returncode == 0  # the store exists
    for stop in (signal.SIGINT, signal.SIGKILL):
        before = set(copies(cache))
        caller = simulating(cache, store)
        wait_for(lambda: set(copies(cache)) - before)  # noqa: B023 (waited on at once)
        (copy,) = set(copies(cache)) - before
        time.sleep(1.0)  # the command is running
        caller.send_signal(stop)
        status = caller.wait(60)
        wait_for(lambda: not Path(f"/proc/{copy}").exists(), 30)  # noqa: B023
        if stop == signal.SIGINT:  # as the command alone: Click's status for Ctrl-C
            assert status == 130
        else:
            assert status == -signal.SIGKILL


def copies(cache: Path) -> list[int]:
    """The copies of a resident of ``cache`` running a command: its children that lead a
    process group of their own (the copy waiting for the next caller does not)."""
    found = []
    for parent in processes_of(cache):
        children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        for pid in children:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat[2] == pid:  # its process group
                found.append(int(pid))
    return found


def test_a_stale_socket_is_replaced_and_the_command_runs_here(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    tmp_path = tmp_path_factory.mktemp("s")  # a short name: a socket's path has 107 bytes
    code = "from ballottage import resident as r; print(r.socket_path(r.key()))"
    where = subprocess.run(
        [sys.executable, "-c", code], env=environment(tmp_path), capture_output=True, text=True
    )
    path = Path(where.stdout.strip())
    assert path.is_relative_to(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")  # a socket left by a resident that died: nothing listens
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "allocate", "--seats", "9", "A=3", "B=1"],
        env=environment(tmp_path),
        capture_output=True,
    )
    assert done.returncode == 0 and b"A" in done.stdout
    wait_for(lambda: path.is_socket())
    assert processes_of(tmp_path)
    path.unlink()
    wait_for(lambda: not processes_of(tmp_path), 10)


def test_serve_and_live_never_use_one_nor_does_a_caller_that_says_no(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    assert not resident.wanted(["serve"]) and not resident.wanted(["live", "replay", "2015"])
    assert resident.wanted(["allocate", "A=1"])
    cache = tmp_path_factory.mktemp("n")
    for switch, args in (("1", ["serve", "--port", "x"]), ("0", ["rules"])):
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, *args],
            env=environment(cache, BALLOTTAGE_RESIDENT=switch),
            capture_output=True,
        )
        assert done.returncode == (2 if args[0] == "serve" else 0)
    time.sleep(1.0)
    assert not (cache / "ballottage" / "resident").exists() and not processes_of(cache)


# Review fixes -------------------------------------------------------------------------------


def _own_resident(tmp_path_factory: pytest.TempPathFactory, name: str, **extra: str) -> Path:
    """A cache of its own with a resident listening (so a test may mistreat it)."""
    folder = tmp_path_factory.mktemp(name)
    subprocess.run(
        [sys.executable, "-c", SCRIPT, "rules"],
        env=environment(folder, **extra),
        capture_output=True,
        check=True,
    )
    wait_for(lambda: sockets(folder))
    return folder


def _is_resident(pid: int) -> bool:
    """The resident leads a session of its own (its copies do not)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[3] == str(pid)


def _stop(folder: Path) -> None:
    for path in sockets(folder):
        path.unlink()
    wait_for(lambda: not processes_of(folder), 15)


def test_malformed_or_slow_requests_neither_end_nor_hold_the_resident(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    import socket

    folder = _own_resident(tmp_path_factory, "h")
    path = str(sockets(folder)[0])
    (server,) = [p for p in processes_of(folder) if _is_resident(p)]
    streams = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (0, 1, 2))
    p, k = resident.PROTOCOL, "the key"
    bad = [
        (repr((p, ["x"], [], "/", 0, [1, 2, 3], [], k)).encode(), streams),  # not a dict
        (repr((p, ["x"], {}, "/", 0, [1, 2, 3], [("NOPE", (1, 1))], k)).encode(), streams),
        (repr((p, ["rules"], {}, "/", 0, [1, 2, 3], [], k)).encode(), streams),  # another key
        (b"garbage", (1).to_bytes(4, sys.byteorder)),  # one stream only
    ]
    for _ in range(2):  # more than RESTARTS in all
        for body, fds in bad:
            conn = socket.socket(socket.AF_UNIX)
            conn.connect(path)
            message = len(body).to_bytes(8, "big") + body
            conn.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
            assert conn.recv(100) in (b"", b"no\n")
            conn.close()
    slow = socket.socket(socket.AF_UNIX)
    slow.connect(path)
    slow.send((100).to_bytes(8, "big"))
    started = time.monotonic()
    caller = subprocess.Popen(
        [sys.executable, "-c", DELEGATED, "rules", "--json"],
        env=environment(folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    for _ in range(15):  # a byte every second: each within the timeout, not the whole
        time.sleep(1.0)
        if caller.poll() is not None:
            break
        try:
            slow.send(b"(")
        except OSError:
            break
    out, err = caller.communicate(timeout=30)
    slow.close()
    assert caller.returncode == 0, err
    assert time.monotonic() - started < 10.0  # not the 15 s the drip lasts
    assert Path(f"/proc/{server}").exists() and sockets(folder)
    _stop(folder)


def test_a_signal_the_caller_ignores_is_not_passed_on(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """``nohup``, or ``cmd &`` in a script: the command alone would not stop."""
    folder = _own_resident(tmp_path_factory, "i")
    caller = simulating(
        folder,
        folder / "s.duckdb",
        400_000,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    wait_for(lambda: copies(folder))
    caller.send_signal(signal.SIGHUP)
    out, err = caller.communicate(timeout=120)
    assert caller.returncode == 0, err
    assert b"400 000" in out  # the whole run: its table names the draws
    _stop(folder)


def test_ctrl_z_stops_the_command_and_fg_continues_it(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """As a shell with job control starts a command: in a process group of its own, whose parent
    (here the test) is in another group of the session."""
    folder = _own_resident(tmp_path_factory, "z")
    caller = simulating(folder, folder / "s.duckdb", process_group=0)
    wait_for(lambda: copies(folder))
    (copy,) = copies(folder)
    try:
        time.sleep(0.5)
        caller.send_signal(signal.SIGTSTP)
        wait_for(lambda: state(copy) == "T" and state(caller.pid) == "T", 30)
        caller.send_signal(signal.SIGCONT)
        wait_for(lambda: state(copy) != "T", 30)
    finally:
        end(caller, copy)
    _stop(folder)


def test_ctrl_z_in_an_orphaned_process_group_stops_nothing_as_alone(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The system discards a Ctrl-Z sent to a process whose group has no parent left in the
    session (a script's background job after its shell ended, ``setsid``): the command alone
    would run on, so the copy must too."""
    folder = _own_resident(tmp_path_factory, "o")
    caller = simulating(folder, folder / "s.duckdb", start_new_session=True)
    wait_for(lambda: copies(folder))
    (copy,) = copies(folder)
    try:
        time.sleep(0.5)
        caller.send_signal(signal.SIGTSTP)
        time.sleep(1.0)
        assert state(caller.pid) != "T" and state(copy) != "T"
    finally:
        end(caller, copy)
    _stop(folder)


def state(pid: int) -> str:
    """A process's state letter (T: stopped)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def end(caller: subprocess.Popen[bytes], copy: int) -> None:
    """Kill a caller, and wait until its command is gone too."""
    caller.send_signal(signal.SIGKILL)
    caller.wait(30)
    wait_for(lambda: not Path(f"/proc/{copy}").exists(), 30)


def test_the_ready_copy_ends_with_its_resident(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = _own_resident(tmp_path_factory, "k")
    wait_for(lambda: len(processes_of(folder)) == 2)  # the resident and its ready copy
    for pid in processes_of(folder):
        if _is_resident(pid):
            os.kill(pid, signal.SIGKILL)
    wait_for(lambda: not processes_of(folder), 10)


def test_the_first_run_prints_no_resource_warning(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("w")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "rules"],
        env=environment(folder, PYTHONWARNINGS="default"),
        capture_output=True,
    )
    assert done.returncode == 0 and b"ResourceWarning" not in done.stderr, done.stderr
    wait_for(lambda: sockets(folder))
    _stop(folder)


def test_a_warm_up_cut_short_leaves_no_trace() -> None:
    import typer.main

    import ballottage.cli
    from ballottage import resident_copy
    from ballottage.cli.app import _State

    class Waiting:  # a listener on which a caller waits after the first warm-up command
        def __init__(self) -> None:
            self.looks = 0

        def fileno(self) -> int:
            self.looks += 1
            return _ready() if self.looks > 1 else _never_ready()

    command = typer.main.get_command(ballottage.cli.app)
    before = (_State.json, _State.debug)
    resident_copy.warm_up(command, Waiting())  # type: ignore[arg-type]
    assert (_State.json, _State.debug) == before


def _never_ready() -> int:
    read, _ = os.pipe()
    return read


def _ready() -> int:
    read, write = os.pipe()
    os.write(write, b"x")
    return read


SLOW_REAP = textwrap.dedent(
    """
    import os, sys, time
    from ballottage import resident_server as server
    waitpid = os.waitpid
    class Slow:
        def __getattr__(self, name):
            return getattr(os, name)
        @staticmethod
        def waitpid(pid, flags):
            got = waitpid(pid, flags)
            if got[0]:
                time.sleep(0.3)  # a copy ends; meanwhile the ready one takes a caller
            return got
    server.os = Slow()
    server.serve_forever(sys.argv[1])
    """
)


def test_a_copy_ending_as_the_ready_one_takes_a_caller_leaves_one_ready(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The ready copy's news, read while reaping another, must still bring a new ready copy:
    otherwise every caller waits for the end of the command it took."""
    folder = tmp_path_factory.mktemp("r")
    code = "from ballottage import resident as r; print(r.socket_path(r.key()))"
    where = subprocess.run(
        [sys.executable, "-c", code], env=environment(folder), capture_output=True, text=True
    )
    path = Path(where.stdout.strip())
    path.parent.mkdir(parents=True)
    server = subprocess.Popen(
        [sys.executable, "-c", SLOW_REAP, str(path)],
        env=environment(folder),
        cwd="/",
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: path.is_socket())
        assert served(["qualify", "A=1", "B=2"], folder).returncode == 0  # a copy ends…
        long = simulating(folder, folder / "s.duckdb")  # …as the ready one takes this caller
        time.sleep(1.5)
        started = time.monotonic()
        try:
            done = subprocess.run(
                [sys.executable, "-c", DELEGATED, "qualify", "A=1", "B=2"],
                env=environment(folder),
                capture_output=True,
                timeout=10,
            )
        finally:
            took = time.monotonic() - started
            long.send_signal(signal.SIGINT)
            long.wait(60)
        assert done.returncode == 0 and took < 5.0, took
    finally:
        path.unlink(missing_ok=True)
        server.wait(15)


def test_a_caller_placed_elsewhere_has_a_resident_of_its_own(tmp_path: Path) -> None:
    """A copy runs with the resident's priority, processors, groups and control group: a
    caller under ``nice`` or ``taskset`` must not have its command run outside them."""
    code = "from ballottage import resident as r; print(r.socket_path(r.key()))"

    def path(**placed: object) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=environment(tmp_path),
            capture_output=True,
            text=True,
            check=True,
            **placed,  # type: ignore[call-overload]
        )
        return done.stdout

    plain = path()
    assert path(preexec_fn=lambda: os.nice(3)) != plain
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) > 1:
        assert path(preexec_fn=lambda: os.sched_setaffinity(0, cpus[:1])) != plain
    assert path() == plain


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_output_that_cannot_be_written_ends_as_it_does_alone(
    unbuffered: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A file size limit met at the final flush: exit status 120 and the interpreter's
    "Exception ignored" lines; unbuffered (``python -u``), what the caller's streams do."""
    import resource

    folder = tmp_path_factory.mktemp("f")
    extra = {"PYTHONUNBUFFERED": unbuffered}
    env = {k: v for k, v in environment(folder, **extra).items() if v}

    def run(code: str, switch: str) -> tuple[int, bytes, bytes]:
        out = folder / "out"
        with out.open("wb") as target:
            done = subprocess.run(
                [sys.executable, "-c", code, "rules"],
                env={**env, "BALLOTTAGE_RESIDENT": switch},
                stdout=target,
                stderr=subprocess.PIPE,
                preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024)),
            )
        return done.returncode, out.read_bytes(), done.stderr

    run(SCRIPT, "1")  # starts the resident of this environment
    wait_for(lambda: sockets(folder))
    assert run(DELEGATED, "1") == run(SCRIPT, "0")
    _stop(folder)


def test_a_caller_with_interpreter_options_gets_a_resident(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """``-W``, ``-X``, ``-O`` are part of the key: the resident must be started with them, or
    it refuses the key and every command starts one more."""
    folder = tmp_path_factory.mktemp("o")
    options = ["-W", "ignore::DeprecationWarning"]
    done = subprocess.run(
        [sys.executable, *options, "-c", SCRIPT, "rules"],
        env=environment(folder),
        capture_output=True,
    )
    assert done.returncode == 0
    wait_for(lambda: sockets(folder), 30)
    _stop(folder)

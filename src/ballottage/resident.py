"""A resident process that keeps the command line loaded, so a command starts at once.

Loading Python's libraries costs a command far more than its work: ``allocate`` spends ~0.3 s
importing Typer, Rich, pydantic and the law for a few milliseconds of arithmetic. The first
command run starts a resident process in the background (Linux only), which loads the command line
once and waits on a socket in the user cache. The next commands hand it their arguments,
environment, working directory, umask, resource limits and standard streams (the file descriptors
themselves); it forks a copy of itself that runs the command exactly as the script would, on the
caller's terminal, and reports the exit status back. Ctrl-C and the other stop signals the caller
receives are passed on to that copy; a caller killed outright takes it down too.

- The resident answers only its own user, and only a caller started with the same Python, the same
  installed libraries, the same package sources and the same environment variables that a command
  line reads while loading (:func:`key`): anything else starts a resident of its own.
- It stops after :data:`IDLE` seconds without a command, or as soon as its socket is removed or
  replaced (``rm -r ~/.cache/ballottage/resident`` stops them all).
- ``BALLOTTAGE_RESIDENT=0`` (or ``BALLOTTAGE_NO_SHORTCUT=1``) runs every command in the calling
  process, as without a resident. ``serve`` and ``live``, whose start-up is dwarfed by their run,
  always run in the calling process.

The caller's side (:func:`delegate`) imports nothing but the interpreter's own C modules: it is
part of every command's start-up.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not `typing`: importing it would cost a third of a delegated run
if TYPE_CHECKING:
    from _socket import socket
    from collections.abc import Sequence
    from types import FrameType
    from typing import Any

SWITCH = "BALLOTTAGE_RESIDENT"
IDLE = 600
"""Seconds without a command after which the resident stops."""
LOCAL_COMMANDS = ("serve", "live")
"""Long-running commands: they always run in the calling process."""
PROTOCOL = 3
MAX_PATH = 107
"""A socket path longer than that (the system's limit) means no resident."""
LIMITS = ("RLIMIT_AS", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CPU")
"""The caller's resource limits its command runs under."""
FORWARDED = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2")


def wanted(argv: Sequence[str]) -> bool:
    """Whether this command may run in a resident (or start one): not a long-running one.

    >>> wanted(["allocate", "A=1"]), wanted(["serve"]), wanted(["--debug", "live", "replay"])
    (True, False, False)
    """
    words = [a for a in argv if not a.startswith("-")]
    return not words or words[0] not in LOCAL_COMMANDS


def key() -> str:
    """Everything a loaded command line depends on, as one line of text."""
    from ballottage import environment as loaded

    env = sorted(
        (k, v)
        for k, v in os.environ.items()
        if (k in loaded.ENV_NAMES or k.startswith(loaded.ENV_PREFIXES)) and k != SWITCH
    )  # (``BALLOTTAGE_RESIDENT=1`` and no such variable share one resident)
    flags = (sys.flags, sys.warnoptions, sys._xoptions)
    parts = (PROTOCOL, os.getuid(), sys.version, sys.executable, sys.prefix, loaded.PACKAGE)
    sources = loaded.source_fingerprint(loaded.PACKAGE)
    return repr((parts, flags, loaded.installed(), env, sources, placement()))


def placement() -> tuple[object, ...]:
    """What a command inherits from its process besides what a request carries: its groups,
    priority, processors, control group (memory and CPU limits, what a service stop ends),
    mount namespace and root. A copy has the resident's: a caller placed elsewhere (``nice``,
    ``taskset``, ``sg``, ``systemd-run``, a container or sandbox) needs a resident of its own."""
    try:
        with open("/proc/self/cgroup", "rb") as f:
            group: object = f.read()
    except OSError:
        group = None
    try:
        mounts: object = os.readlink("/proc/self/ns/mnt")
    except OSError:
        mounts = None
    root = os.stat("/")
    return (
        os.getgid(),
        os.getegid(),
        sorted(os.getgroups()),
        os.getpriority(os.PRIO_PROCESS, 0),
        sorted(os.sched_getaffinity(0)),
        group,
        mounts,
        (root.st_dev, root.st_ino),
    )


def socket_path(text: str) -> str:
    """Where the resident for ``key`` text listens."""
    import zlib

    digest = f"{zlib.crc32(text.encode()):08x}{zlib.adler32(text.encode()):08x}"
    from ballottage.environment import cache_dir

    return os.path.join(cache_dir(), "resident", f"{digest}.sock")


# The caller's side -------------------------------------------------------------------------------


def request(text: str) -> bytes:
    """What the resident needs to run this command as this process would, and the key ``text``
    it must have (two keys could share a socket's name: then it refuses)."""
    import resource

    umask = os.umask(0o22)
    os.umask(umask)
    streams = [
        (s.encoding, s.errors, s.line_buffering, getattr(s, "write_through", False))
        for s in (sys.stdin, sys.stdout, sys.stderr)
    ]
    limits = [(name, resource.getrlimit(getattr(resource, name))) for name in LIMITS]
    fields = (PROTOCOL, sys.argv, dict(os.environ), os.getcwd(), umask, streams, limits, text)
    body = repr(fields).encode("utf-8")
    return len(body).to_bytes(8, "big") + body


def connect(path: str) -> socket | None:
    """A connection to the resident at ``path``, or None if none listens there."""
    import _socket

    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        conn.connect(path)
    except OSError:
        conn.close()
        return None
    return conn


def delegate(conn: socket, text: str) -> int | None:
    """Run this command in the resident of key ``text`` on ``conn``: its exit status, or None
    if it cannot."""
    import _socket

    lines = _Lines(conn)
    relay = _Relay()
    try:
        fds = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (0, 1, 2))
        conn.sendmsg([request(text)], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
        relay.install()
        answer = lines.next()
    except (OSError, ValueError, AttributeError):
        answer = b""
    if not answer.startswith(b"run ") or not answer[4:].isdigit():
        conn.close()
        relay.uninstall()  # the command runs here after all
        return None
    relay.started(int(answer[4:]))
    outcome = lines.next()
    conn.close()
    kind, _, number = outcome.partition(b" ")
    if kind == b"signal" and number.isdigit():  # die of it, as the command did
        relay.signals.signal(int(number), relay.signals.SIG_DFL)
        os.kill(os.getpid(), int(number))
    if kind == b"exit" and number.isdigit():
        return int(number)
    sys.stderr.write("ballottage: the resident process stopped before the command ended\n")
    return 1


class _Relay:
    """The stop signals this process receives, passed on to the copy running its command."""

    def __init__(self) -> None:
        self.signals: Any = __import__("_signal")  # not `signal`: its enums cost a third of a run
        self.numbers: list[int] = []
        self.before: list[object] = []
        self.running: list[int] = []  # the copy's process group, once known
        self.pending: list[int] = []  # signals received before

    def install(self) -> None:
        """Take the stop signals. One the caller ignores (``nohup``, a script's ``cmd &``) the
        command ignores too: it is not taken, so never passed on."""
        signals = self.signals
        for name in FORWARDED:
            signum = getattr(signals, name)
            if signals.getsignal(signum) != signals.SIG_IGN:
                self.numbers.append(signum)
                self.before.append(signals.signal(signum, self.forward))
        if signals.getsignal(signals.SIGTSTP) == signals.SIG_DFL:
            self.numbers.append(signals.SIGTSTP)
            self.before.append(signals.signal(signals.SIGTSTP, self.suspend))

    def uninstall(self) -> None:
        """Give the signals back, and receive again those that came meanwhile."""
        for signum, handler in zip(self.numbers, self.before, strict=True):
            self.signals.signal(signum, handler)
        for signum in self.pending:
            os.kill(os.getpid(), signum)

    def started(self, pid: int) -> None:
        """The copy runs (in process group ``pid``): pass on what came meanwhile."""
        self.running.append(pid)
        for signum in self.pending:
            (self.suspend if signum == self.signals.SIGTSTP else self.forward)(signum, None)

    def forward(self, signum: int, frame: FrameType | None) -> None:
        """Pass a signal to the command's process group, as a terminal's Ctrl-C."""
        if not self.running:
            self.pending.append(signum)
        for pid in self.running:
            try:
                os.killpg(pid, signum)
            except OSError:
                pass

    def suspend(self, signum: int, frame: FrameType | None) -> None:
        """Ctrl-Z: stop the command with this process, and continue it with it (fg, bg).
        Before the copy is known (a few milliseconds), as soon as it is."""
        if not self.running:
            self.pending.append(signum)
            return
        self.forward(self.signals.SIGSTOP, None)
        self.signals.signal(signum, self.signals.SIG_DFL)
        os.kill(os.getpid(), signum)  # stops here until continued
        self.signals.signal(signum, self.suspend)
        self.forward(self.signals.SIGCONT, None)


class _Lines:
    """The resident's answers, one line at a time (two may arrive in one read)."""

    def __init__(self, conn: socket) -> None:
        self.conn, self.data = conn, b""

    def next(self) -> bytes:
        """The next line (empty at the end of the connection)."""
        while b"\n" not in self.data:
            chunk = self.conn.recv(64)
            if not chunk:
                line, self.data = self.data, b""
                return line.strip()
            self.data += chunk
        line, _, self.data = self.data.partition(b"\n")
        return line.strip()


STARTING = 30
"""Seconds a resident may take to start listening before another caller starts one again."""


def start(path: str) -> None:
    """Start a resident at ``path`` in the background (detached; its output discarded), unless
    one was started less than :data:`STARTING` seconds ago and is still loading."""
    import subprocess
    import time

    marker = f"{path}.starting"
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        try:
            if time.time() - os.stat(marker).st_mtime < STARTING:
                return
            os.remove(marker)
        except FileNotFoundError:
            pass
        os.close(os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        server = subprocess.Popen(
            # the caller's -W, -X, -O… (part of the key): without them, the resident would
            # refuse a key it cannot compute, and every command start one more
            [
                sys.executable,
                *subprocess._args_from_interpreter_flags(),  # type: ignore[attr-defined]
                "-m",
                "ballottage.resident_server",
                path,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            start_new_session=True,
            cwd=os.path.dirname(
                os.path.dirname(os.path.abspath(__file__))
            ),  # on the import path already: nothing of the caller's
        )
        # Never waited for (it outlives this command): without this, ``Popen.__del__`` warns
        # "subprocess N is still running" (a ResourceWarning shown under -X dev, -W default,
        # PYTHONWARNINGS=…), which the same command run alone does not print.
        server.returncode = 0
    except OSError:
        pass


def run(argv: Sequence[str]) -> int | None:
    """The exit status of this command run by a resident, or None to run it here.

    Starts a resident for the next commands when none answers."""
    if sys.platform != "linux" or os.environ.get(SWITCH, "").strip().lower() in ("0", "no", "off"):
        return None
    if not wanted(argv) or getattr(sys.modules.get("__main__"), "__package__", None):
        return None  # (``python -m ballottage``: Click would name the resident's module)
    text = key()
    path = socket_path(text)
    if len(path.encode()) > MAX_PATH:
        return None
    conn = connect(path)
    if conn is None:
        start(path)
        return None
    return delegate(conn, text)

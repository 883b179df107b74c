"""One forked copy of the resident process (see :mod:`ballottage.resident`): it waits for a caller,
takes on the caller's streams, environment, directory, umask and limits, runs the command, and
ends as the ``ballottage`` script would have ended."""

from __future__ import annotations

import ast
import atexit
import io
import os
import resource
import select
import signal
import socket
import struct
import sys
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from typing import Any, NoReturn

from ballottage.resident import FORWARDED, LIMITS, PROTOCOL

MAX_REQUEST = 8 << 20
"""A request (arguments and environment) larger than that is refused: the caller runs it."""
READ_TIMEOUT = 2.0
"""Seconds a caller has to send its whole request once connected (it sends it at once): a
connection that sends nothing, or drips, must not hold the copy every other caller waits for."""
WARM_UP = (
    ["allocate", "--rules", "regionales-2015", "--seats", "19", "A=4000", "B=3000", "--json"],
    ["rules", "--json"],
    ["qualify", "A=4000", "B=3000", "C=400"],
    ["allocate", "--rules", "municipales", "--seats", "29", "--explain", "A=4000", "B=3000"],
)
"""Commands run with their output discarded, so that what they load on first use is loaded, and
what they touch is this copy's own, before a caller waits on it."""
STOP = signal.SIGRTMIN
"""What the resident sends its ready copy when it stops: the copy ends on it while it waits
for a caller, and ignores it once it took one (:func:`become`)."""
Stream = tuple[str, str, bool, bool]
"""A standard stream's encoding, error handler, line buffering and write-through."""


@dataclass(frozen=True)
class Call:
    """A command as the caller would run it: what it hands the resident."""

    argv: list[str]
    environ: dict[str, str]
    cwd: str
    umask: int
    streams: list[Stream]
    limits: list[tuple[str, tuple[int, int]]]
    fds: tuple[int, int, int]
    key: str
    """The caller's key (:func:`ballottage.resident.key`): it must be the resident's."""

    @classmethod
    def parse(cls, body: bytes, fds: list[int]) -> Call:
        """The call in a request (ValueError if it is not one of :data:`PROTOCOL`)."""
        fields = ast.literal_eval(body.decode("utf-8"))
        if not (isinstance(fields, tuple) and len(fields) == 8 and fields[0] == PROTOCOL):
            raise ValueError("not a request of this protocol")
        _, argv, environ, cwd, umask, streams, limits, key = fields
        if not (isinstance(argv, list) and isinstance(environ, dict) and isinstance(limits, list)):
            raise ValueError("a request needs a list of arguments and a dict of variables")
        texts = [*argv, *environ, *environ.values(), cwd, key]
        if len(fds) != 3 or len(set(fds)) != 3 or min(fds) < 3:
            raise ValueError("a request needs three streams")  # never this copy's own 0, 1, 2
        if not argv or not all(isinstance(t, str) for t in texts):
            raise ValueError("a request needs the arguments")
        if not isinstance(umask, int) or not isinstance(streams, list) or len(streams) != 3:
            raise ValueError("a request needs the umask and three streams")
        if not all(isinstance(x, tuple) and len(x) == 2 and x[0] in LIMITS for x in limits):
            raise ValueError("a request names only the limits of LIMITS")
        three = (fds[0], fds[1], fds[2])
        return cls(list(argv), dict(environ), cwd, umask, streams, limits, three, key)


def warm_up(command: Any, listener: socket.socket | None = None) -> None:
    """Run :data:`WARM_UP` with their output discarded; stop as soon as a caller waits on
    ``listener``."""
    state = sys.modules["ballottage.cli.app"]._State
    kept = {k: v for k, v in vars(state).items() if not k.startswith("__")}
    try:
        with open(os.devnull, "w") as null, redirect_stdout(null), redirect_stderr(null):
            for args in WARM_UP:
                if listener is not None and select.select([listener], [], [], 0)[0]:
                    return
                try:
                    command.main(args=args, prog_name="ballottage", standalone_mode=False)
                except Exception:  # noqa: S112 (a warm-up only: the copies run the real command)
                    continue
    finally:  # what a warm-up command noted (``--json``, ``--debug``) is not the caller's
        for name, value in kept.items():
            setattr(state, name, value)


def accept(listener: socket.socket) -> tuple[socket.socket, Call] | None:
    """The next caller and its call, or None (another user, a malformed or slow request).

    Whatever a connection sends, it only ever costs the copy :data:`READ_TIMEOUT` seconds and
    a None: nothing it sends may end the copy (the resident gives up after a few such deaths)."""
    try:
        conn, _ = listener.accept()
    except OSError:  # ECONNABORTED, EMFILE…: try the next one
        return None
    fds: list[int] = []
    try:
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        if struct.unpack("3i", creds)[1] != os.getuid():
            raise ValueError("another user")
        deadline = time.monotonic() + READ_TIMEOUT
        conn.settimeout(READ_TIMEOUT)
        data, ancillary, _, _ = conn.recvmsg(65536, socket.CMSG_SPACE(3 * 4))
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                whole = len(payload) - len(payload) % 4
                fds += [
                    int.from_bytes(payload[i : i + 4], sys.byteorder) for i in range(0, whole, 4)
                ]
        size = int.from_bytes(data[:8], "big")
        if len(data) < 8 or size > MAX_REQUEST:
            raise ValueError("no request, or one too large")
        while len(data) < size + 8:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("request too slow")
            conn.settimeout(left)  # a deadline for the whole request, not for each byte
            chunk = conn.recv(min(1 << 20, size + 8 - len(data)))
            if not chunk:
                raise ValueError("truncated request")
            data += chunk
        call = Call.parse(data[8:], fds)
        conn.settimeout(None)
        return conn, call
    except Exception:  # noqa: BLE001 (anything a connection sends is refused, never fatal)
        for fd in fds:
            try:
                os.close(fd)
            except OSError:
                pass
        conn.close()
        return None


def refuse(conn: socket.socket, call: Call) -> None:
    """Tell a caller this copy will not run its command (it runs it itself)."""
    for fd in call.fds:
        os.close(fd)
    try:
        conn.sendall(b"no\n")
    except OSError:
        pass
    conn.close()


def become(conn: socket.socket, call: Call) -> None:
    """Turn this copy into the caller's command and tell the caller it runs; if it cannot (a
    limit it may not raise, a directory gone), say so and end: the caller runs it itself."""
    signal.signal(STOP, signal.SIG_IGN)  # the resident stopping must not end a command
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for name in FORWARDED[1:]:
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    try:
        os.setpgrp()
        adopt(call)
    except (OSError, ValueError, TypeError, LookupError):
        conn.sendall(b"no\n")
        os._exit(0)
    conn.sendall(f"run {os.getpid()}\n".encode())


def adopt(call: Call) -> None:
    """The caller's limits, directory, environment, umask and standard streams."""
    for name, (soft, hard) in call.limits:
        limit = getattr(resource, name)
        if name in LIMITS and resource.getrlimit(limit) != (soft, hard):
            resource.setrlimit(limit, (soft, hard))
    os.chdir(call.cwd)
    os.environ.clear()
    os.environ.update(call.environ)
    time.tzset()  # the caller's TZ, for local times
    os.umask(call.umask)
    for target, fd in enumerate(call.fds):
        os.dup2(fd, target)
        os.close(fd)
    modes = ("rb", "wb", "wb")
    names = ("stdin", "stdout", "stderr")
    for fd, (mode, name, (encoding, errors, line_buffering, write_through)) in enumerate(
        zip(modes, names, call.streams, strict=True)
    ):
        unbuffered = write_through and mode == "wb"  # python -u, PYTHONUNBUFFERED
        binary = open(fd, mode, buffering=0 if unbuffered else -1, closefd=False)  # noqa: SIM115
        raw = binary if unbuffered else binary.raw  # type: ignore[attr-defined]
        raw.name = f"<{name}>"  # type: ignore[misc]  # as the interpreter's own streams (their repr)
        stream = io.TextIOWrapper(
            binary,
            encoding,
            errors,
            newline="\n",
            line_buffering=line_buffering,
            write_through=unbuffered,
        )
        stream.mode = mode[0]  # type: ignore[misc]
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)
    sys.argv = list(call.argv)
    fresh_consoles()


def fresh_consoles() -> None:
    """Rich's consoles made while loading looked at the resident's streams: look again."""
    import rich

    from ballottage.terminal import console, standard_console

    errors = sys.modules["ballottage.cli.app"].errors
    rich._console = None
    vars(console).update(vars(standard_console()))  # the same object, seen by every module
    vars(errors).update(vars(standard_console(stderr=True)))


def run(command: Any, conn: socket.socket, call: Call) -> NoReturn:
    """Run the command line in this copy, and end it, as the ``ballottage`` script would."""
    try:
        command.main(args=call.argv[1:], prog_name=os.path.basename(call.argv[0]))
        code = 0
    except SystemExit as exc:
        code = exit_code(exc.code)
    except KeyboardInterrupt:
        traceback.print_exc()
        code = -signal.SIGINT
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    end(conn, code)


def exit_code(code: object) -> int:
    """The exit status of ``sys.exit(code)``, printing a message as the interpreter does."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def end(conn: socket.socket, code: int) -> NoReturn:
    """End this copy as the interpreter ends a program (threads joined, exit functions run,
    streams flushed), without tearing down every module loaded: that would take longer than
    the command. A negative ``code`` is a signal the copy dies of (the resident tells the
    caller); otherwise the copy tells the caller its exit status itself."""
    if "threading" in sys.modules:
        import threading

        for thread in threading.enumerate():
            if thread is not threading.main_thread() and not thread.daemon:
                thread.join()
    atexit._run_exitfuncs()
    try:  # as the interpreter (flush_std_files): the output could not be written
        sys.stdout.flush()
    except Exception as exc:  # noqa: BLE001
        code = 120 if code >= 0 else code
        try:
            print(f"Exception ignored in: {sys.stdout!r}", file=sys.stderr)
            traceback.print_exception(type(exc), exc, None, file=sys.stderr)
        except Exception:  # noqa: BLE001, S110
            pass
    try:
        sys.stderr.flush()
    except Exception:  # noqa: BLE001
        code = 120 if code >= 0 else code
    if code < 0:
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    try:
        conn.sendall(f"exit {code}\n".encode())
    except OSError:
        pass
    os._exit(code)

"""The resident process itself (see :mod:`ballottage.resident`): the command line loaded once, and
always one forked copy of it ready, waiting for the next caller (:mod:`ballottage.resident_copy`).

The resident never talks to a caller itself but in one case: a copy killed by a signal cannot say
how it ended, so the resident says it. It also stops a copy whose caller is gone.
"""

from __future__ import annotations

import ctypes
import gc
import os
import select
import signal
import socket
import sys
import time
from typing import Any, NoReturn

from ballottage import resident_copy
from ballottage.resident import IDLE, key, socket_path

RESTARTS = 5
"""Copies that may die before taking a caller (in a row) before the resident gives up."""
PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a process receives when its parent ends."""
RECHECK = 5.0
"""Seconds between two looks at the key while no command runs: a resident whose sources or
libraries changed serves no caller any more (they compute another key), so it stops."""


def serve_forever(path: str) -> None:
    """Listen at ``path`` until idle or replaced; in a forked copy, run the command it is given.

    Returns at once if ``path`` is not the socket of this process's key (the sources or the
    environment changed since the caller computed it)."""
    os.chdir("/")
    text = key()
    if socket_path(text) != path:
        _forget(f"{path}.starting")
        return
    command = preload()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    temporary = os.path.join(os.path.dirname(path), f"{os.getpid()}.new")  # not longer
    mask = os.umask(0o077)
    try:
        listener.bind(temporary)
    finally:
        os.umask(mask)
    listener.listen(64)
    os.replace(temporary, path)
    _forget(f"{path}.starting")
    Resident(listener, command, path, os.stat(path).st_ino, text).serve()


def preload() -> Any:
    """Load the command line, build its Click command, and freeze what is loaded."""
    import typer.main

    import ballottage.cli
    import ballottage.law
    import ballottage.vocabulary.law  # noqa: F401 (loaded once, for every copy)

    command = typer.main.get_command(ballottage.cli.app)
    resident_copy.warm_up(command)
    gc.collect()
    gc.freeze()  # the copies share these pages: a collection must not touch them
    return command


class Resident:
    """The resident's state: its listening socket, the copy ready, the copies running."""

    def __init__(
        self, listener: socket.socket, command: Any, path: str, inode: int, text: str
    ) -> None:
        self.listener, self.command, self.path, self.inode = listener, command, path, inode
        self.key = text
        """What the resident loaded (:func:`ballottage.resident.key`): a caller with another key
        is refused."""
        self.running: dict[int, socket.socket] = {}
        """Copies running a command, and their caller's connection."""
        self.watched: dict[socket.socket, int] = {}
        """The connections of callers still waiting, and their copy."""
        self.taken, self.taken_by_copy = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        """Where a copy says it took a caller (its process id and the caller's connection)."""
        self.wake_read, self.wake_write = os.pipe()
        self.deaths = 0
        self.spare = 0
        self.spare_taken = False
        """The ready copy took a caller: another one is needed (noted wherever it is seen)."""
        self.last = time.monotonic()
        """When a command last ran."""

    def serve(self) -> None:
        """Keep one copy ready until idle or replaced (the copies run in :meth:`ready_copy`)."""
        for fd in (self.wake_read, self.wake_write):
            os.set_blocking(fd, False)
        signal.set_wakeup_fd(self.wake_write)
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        self.spare = self.fork()
        checked = time.monotonic()
        while self.deaths < RESTARTS:
            waiting: list[Any] = [self.taken, self.wake_read, *self.watched]
            ready, _, _ = select.select(waiting, [], [], 1.0)
            _drain(self.wake_read)
            self.note_taken()
            for conn in [c for c in ready if c in self.watched]:
                if not _alive(conn):  # the caller is gone: so is its command
                    _kill(self.watched.pop(conn), signal.SIGKILL)
            if self.reap() and not self.spare_taken:
                self.deaths += 1  # the ready copy died before taking a caller
                self.spare_taken = True
            if self.spare_taken:  # taken or dead: another one
                self.spare_taken = False
                self.spare = self.fork()
            now = time.monotonic()
            if self.running:
                self.last = now
            elif now - self.last > IDLE or _replaced(self.path, self.inode):
                break
            elif now - checked > RECHECK:
                checked = now
                try:
                    if socket_path(key()) != self.path:
                        break
                except OSError:  # the package itself is gone
                    break
        # Not SIGKILL: the ready copy may have taken a caller an instant ago, unknown here yet.
        # Until it tells that caller it runs its command, it ends on resident_copy.STOP; from
        # then on it ignores it, and runs the command to its end without the resident.
        try:
            os.kill(self.spare, resident_copy.STOP)
        except OSError:
            pass
        if not _replaced(self.path, self.inode):
            _forget(self.path)

    def fork(self) -> int:
        """A new ready copy (its process id); in the copy, run the next caller's command."""
        resident = os.getpid()
        pid = os.fork()
        if pid:
            return pid
        try:
            signal.set_wakeup_fd(-1)  # the resident's pipe, closed below: its number is reused
            signal.signal(resident_copy.STOP, lambda signum, frame: os._exit(0))
            # A resident killed outright (kill, the OOM killer, a session ending) must not
            # leave its ready copy waiting on the socket forever.
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(resident_copy.STOP))
            if os.getppid() != resident:
                os._exit(0)
            os.close(self.wake_read)
            os.close(self.wake_write)
            self.taken.close()
            for conn in self.watched:
                conn.close()
            self.ready_copy()
        finally:
            os._exit(70)  # a copy never unwinds into the resident's loop

    def ready_copy(self) -> NoReturn:
        """In a copy: warm up, wait for a caller, tell the resident, become its command."""
        resident_copy.warm_up(self.command, self.listener)
        while True:
            accepted = resident_copy.accept(self.listener)
            if accepted is not None and accepted[1].key == self.key:
                break
            if accepted is not None:  # another key under the same socket name: it runs alone
                resident_copy.refuse(*accepted)
        conn, call = accepted
        pid = os.getpid().to_bytes(8, "big")
        fd = conn.fileno().to_bytes(4, sys.byteorder)
        self.taken_by_copy.sendmsg([pid], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fd)])
        self.taken_by_copy.close()
        self.listener.close()
        resident_copy.become(conn, call)
        resident_copy.run(self.command, conn, call)

    def note_taken(self) -> None:
        """Note every copy that took a caller (and its connection), and whether the ready one
        did (:attr:`spare_taken`: kept until a new one is forked, wherever this is called)."""
        while True:
            try:
                data, ancillary, _, _ = self.taken.recvmsg(
                    8, socket.CMSG_SPACE(4), socket.MSG_DONTWAIT
                )
            except BlockingIOError:
                return
            pid = int.from_bytes(data, "big")
            for _, _, payload in ancillary:
                conn = socket.socket(fileno=int.from_bytes(payload[:4], sys.byteorder))
                self.running[pid], self.watched[conn] = conn, pid
            self.spare_taken |= pid == self.spare
            self.deaths = 0
            self.last = time.monotonic()  # even if it ends before the loop sees it running

    def reap(self) -> bool:
        """Tell the caller of each copy killed by a signal; True if the ready copy died."""
        spare_died = False
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return spare_died
            if pid == 0:
                return spare_died
            self.note_taken()  # a copy tells it took a caller before it can end
            spare_died |= pid == self.spare  # (if it had taken one, spare_taken says so)
            conn = self.running.pop(pid, None)
            if conn is None:
                continue
            self.watched.pop(conn, None)
            code = os.waitstatus_to_exitcode(status)
            if code < 0:  # a copy that ends normally tells its caller itself
                try:
                    conn.sendall(f"signal {-code}\n".encode())
                except OSError:
                    pass
            conn.close()


def _alive(conn: socket.socket) -> bool:
    """The caller is still connected (it sends nothing after its request)."""
    try:
        return bool(conn.recv(1, socket.MSG_DONTWAIT))
    except BlockingIOError:
        return True
    except OSError:
        return False


def _kill(pid: int, signum: int) -> None:
    try:
        os.killpg(pid, signum)
    except OSError:
        try:
            os.kill(pid, signum)
        except OSError:
            pass


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass


def _replaced(path: str, inode: int) -> bool:
    """The socket was removed or another resident took its place."""
    try:
        return os.stat(path).st_ino != inode
    except OSError:
        return True


def _forget(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


if __name__ == "__main__":
    serve_forever(sys.argv[1])

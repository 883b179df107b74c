"""The ``ballottage`` script: the command line, started without loading what a run does not need.

Importing Typer and Rich, then building every command's parameters, costs ~0.2 s. Three kinds of
run skip it, and print what the full command line prints, byte for byte:

- a help page (``ballottage``, ``ballottage --help``, ``ballottage allocate --help``) is Typer's
  own rendering, kept in the user cache the first time it is printed, keyed by everything it
  depends on (the package's source files, the installed libraries, the Python, the terminal's
  width and colours, the arguments), and printed from there afterwards;
- any other command is run by the resident process, which has the command line loaded already
  (see :mod:`ballottage.resident`; the first command starts it);
- without one, ``ballottage allocate`` in its simple form computes and prints its table with the
  law and Rich alone (see :mod:`ballottage.quick`).

Everything else, and any doubt, goes to the Typer application (:mod:`ballottage.cli`).
``BALLOTTAGE_NO_SHORTCUT=1`` always takes the full path in this process.
"""

from __future__ import annotations

import os
import sys

from ballottage.environment import (
    ENV_NAMES,
    ENV_PREFIXES,
    PACKAGE,
    cache_dir,
    installed,
    source_fingerprint,
)

TYPE_CHECKING = False  # not `typing`: importing it would cost a third of the run
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

NO_SHORTCUT = "BALLOTTAGE_NO_SHORTCUT"


def is_help(argv: Sequence[str]) -> bool:
    """A request for a help page: no argument, or command words followed by ``--help``.

    >>> is_help([]), is_help(["--help"]), is_help(["allocate", "--help"])
    (True, True, True)
    >>> is_help(["allocate", "A=1", "--help"]), is_help(["--version"])
    (False, False)
    """
    if not argv:
        return True
    words = argv[:-1]
    return (
        argv[-1] == "--help"
        and len(words) <= 2
        and all(w and w[0].isalpha() and w.replace("-", "").isalnum() for w in words)
    )


def utf8_streams() -> bool:
    """Standard output and error encode UTF-8 (otherwise Click may write past a copy of them)."""
    return all(
        (getattr(stream, "encoding", None) or "").lower().replace("-", "") == "utf8"
        for stream in (sys.stdout, sys.stderr)
    )


def terminal() -> list[object]:
    """Which standard streams are terminals, their widths, and the output encodings."""
    state: list[object] = []
    for fd in (0, 1, 2):
        try:
            width: int | None = os.get_terminal_size(fd).columns
        except (OSError, ValueError):
            width = None
        state.append((os.isatty(fd), width))
    for stream in (sys.stdout, sys.stderr):
        state.append((getattr(stream, "encoding", None), getattr(stream, "errors", None)))
    return state


def help_key(argv: Sequence[str]) -> str:
    """Everything a help page depends on, as one line of text."""
    env = sorted(
        (k, v) for k, v in os.environ.items() if k in ENV_NAMES or k.startswith(ENV_PREFIXES)
    )
    main_module = sys.modules.get("__main__")
    program = (sys.argv[0], getattr(getattr(main_module, "__spec__", None), "name", None))
    parts = (
        list(argv),
        program,  # Typer's usage line names the program as it was started
        sys.version,
        sys.prefix,
        PACKAGE,
        installed(),
        terminal(),
        env,
        source_fingerprint(PACKAGE),
    )
    return repr(parts)


def help_file(key: str) -> str:
    """Where the help page of ``key`` is kept."""
    import zlib

    digest = f"{zlib.crc32(key.encode()):08x}{zlib.adler32(key.encode()):08x}"
    return os.path.join(cache_dir(), "help", f"{digest}.txt")


def replay(key: str) -> int | None:
    """Print the kept help page of ``key`` and return its exit status (None: none kept)."""
    try:
        with open(help_file(key), encoding="utf-8", newline="") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return None
    stored_key, _, rest = text.partition("\n")
    header, _, body = rest.partition("\n")
    fields = header.split(" ")
    if stored_key != key or len(fields) != 3 or not all(x.isdigit() for x in fields):
        return None
    status, size_out, size_err = (int(x) for x in fields)
    if size_out + size_err != len(body):
        return None
    sys.stdout.write(body[:size_out])
    sys.stdout.flush()
    sys.stderr.write(body[size_out:])
    sys.stderr.flush()
    return status


class _Copy:
    """A standard stream that also keeps a copy of the text written to it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        written = self.stream.write(text)  # first: a bytes probe raises here, unrecorded
        self.parts.append(text)
        return written

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def record(key: str) -> None:
    """Run the full command line, keeping a copy of the help page it prints."""
    out, err = _Copy(sys.stdout), _Copy(sys.stderr)
    sys.stdout, sys.stderr = out, err
    status: object = "crashed"
    try:
        full()
        status = 0
    except SystemExit as exc:
        status = exc.code or 0
        raise
    finally:
        sys.stdout, sys.stderr = out.stream, err.stream
        if status in (0, 2):
            keep(key, int(str(status)), "".join(out.parts), "".join(err.parts))


def keep(key: str, status: int, out: str, err: str) -> None:
    """Write the help page of ``key`` to the cache (atomically; a read-only cache is fine)."""
    path = help_file(key)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "w", encoding="utf-8", newline="") as f:
            f.write(f"{key}\n{status} {len(out)} {len(err)}\n{out}{err}")
        os.replace(temporary, path)
    except (OSError, UnicodeEncodeError):
        try:
            os.remove(temporary)
        except OSError:
            pass


def full() -> None:
    """The Typer application."""
    from ballottage.cli import main as typer_main

    typer_main()


def main() -> None:
    """Entry point of the ``ballottage`` script."""
    argv = sys.argv[1:]
    if os.environ.get(NO_SHORTCUT) or any(k.endswith("_COMPLETE") for k in os.environ):
        full()
    elif is_help(argv) and utf8_streams():
        key = help_key(argv)
        status = replay(key)
        if status is None:
            record(key)
        else:
            sys.exit(status)
    else:
        from ballottage import resident

        status = resident.run(argv)
        if status is not None:
            sys.exit(status)
        if argv[:1] == ["allocate"]:
            from ballottage.quick import allocate

            if allocate(argv[1:]):
                return
        full()

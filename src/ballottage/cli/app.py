"""The ``ballottage`` command: one Typer app, errors turned into one line and exit status 2."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn, Protocol

import typer
from rich.markup import escape
from typer._click.core import Command, Context
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer._click.globals import get_current_context
from typer.core import TyperGroup

from ballottage.errors import BallottageError
from ballottage.terminal import console as console
from ballottage.terminal import standard_console

_PASSING = (typer.Exit, typer.Abort, ClickException)
"""Exceptions that already are the command line's own way out."""


class _State:
    """What the error path needs to know about the command line being run."""

    debug = bool(os.environ.get("BALLOTTAGE_DEBUG"))
    json = False


class _Commands(TyperGroup):
    """The root group: whatever escapes a command becomes one line and exit status 2."""

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        _State.json = "--json" in args
        _State.debug = bool(os.environ.get("BALLOTTAGE_DEBUG"))
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's own usage errors (an unknown option, a value that is not a number) are
        also one line and exit status 2, not a usage panel."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except NoArgsIsHelpError as exc:  # the help is already printed
            sys.exit(exc.exit_code)
        except ClickException as exc:
            ctx = getattr(exc, "ctx", None)
            hint = f" (see {ctx.command_path} --help)" if ctx is not None else ""
            report(exc.format_message() + hint, {"kind": "UsageError", "rule": "usage"})
            sys.exit(exc.exit_code)
        except typer.Abort:
            errors.print("Aborted.")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Context) -> Any:
        with reporting_errors():
            return super().invoke(ctx)


app = typer.Typer(
    cls=_Commands,
    name="ballottage",
    help=(
        "Exact seats for French two-round list elections with a majority bonus "
        "(regional councils, Corsica, Martinique, municipal councils)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

errors = standard_console(stderr=True)

JSON_HELP = "Print plain JSON for scripts instead of tables."


MAX_MESSAGE = 600
"""An error line is cut there: a hostile input must not print megabytes."""


def _json_wanted() -> bool:
    ctx: Context | None = get_current_context(silent=True)
    while ctx is not None:
        if ctx.params.get("as_json"):
            return True
        ctx = ctx.parent
    return _State.json


def report(message: str, fields: dict[str, object] | None = None) -> None:
    """Print an error as one line on standard error; with ``--json``, also as a JSON error
    document on standard output: ``{"schema": 1, "error": {"kind", "message", "article",
    "field", "file", "rule", "limit"}}`` (docs/json.md)."""
    line = " ".join(message.split())
    if len(line) > MAX_MESSAGE:
        line = line[: MAX_MESSAGE - 1] + "…"
    errors.print(f"[bold red]error:[/] {escape(line)}", soft_wrap=True)
    if _json_wanted():
        from ballottage.vocabulary.problems import ErrorDoc, Problem

        emit_json(ErrorDoc(error=Problem.of(line, fields or {})))


def fail(message: str, fields: dict[str, object] | None = None) -> NoReturn:
    """Print one line to standard error and exit with status 2 (see :func:`report`)."""
    report(message, fields)
    raise typer.Exit(2)


def explain(exc: BaseException) -> tuple[str, dict[str, object]]:
    """One line and the fields of an error: ballottage's own, the store's, the system's."""
    if isinstance(exc, BallottageError):
        return str(exc), exc.fields()
    kind = type(exc).__name__
    module = type(exc).__module__ or ""
    if module.split(".")[0] in ("duckdb", "_duckdb"):
        from ballottage.data.store.errors import store_error

        err = store_error(None, exc)
        return str(err), err.fields()
    if isinstance(exc, UnicodeDecodeError):
        text = f"a file is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
        return text, {"kind": "UnreadableFile", "rule": "text encoding"}
    if isinstance(exc, OSError):
        name = str(getattr(exc, "filename", "") or "")
        text = f"{name}: {exc.strerror or exc}" if name else str(exc.strerror or exc)
        return text, {"kind": "UnreadableFile", "file": name or None}
    if isinstance(exc, RecursionError):
        return "the input nests too deeply to be read", {"kind": "LimitExceeded"}
    if isinstance(exc, MemoryError):
        text = "out of memory: the input or the request is too large for this machine"
        return text, {"kind": "LimitExceeded"}
    text = f"unexpected {kind}: {exc} (run `ballottage --debug …` for the traceback)"
    return text, {"kind": kind}


def fail_with(exc: BaseException) -> NoReturn:
    """The one error path: one line naming the file/field and the rule, exit status 2."""
    message, fields = explain(exc)
    fail(message, fields)


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn a :class:`BallottageError` (or any failure the user can cause) into one line
    and exit status 2; ``--debug`` lets the traceback through."""
    try:
        yield
    except _PASSING:
        raise
    except Exception as exc:
        if _State.debug:
            raise
        if interrupted_query(exc):  # Ctrl-C during a query of the store: as anywhere else
            raise KeyboardInterrupt from exc
        fail_with(exc)


def interrupted_query(exc: BaseException) -> bool:
    """DuckDB's answer to Ctrl-C during a query: a bare ``RuntimeError`` (DuckDB 1.x–2.x have
    no type of their own for it), told apart by its exact message."""
    return type(exc) is RuntimeError and str(exc) == "Query interrupted"


class JsonDocument(Protocol):
    """A document of the public vocabulary (:mod:`ballottage.vocabulary`)."""

    def json_text(self) -> str:
        """The document as JSON text."""
        ...


def emit_json(document: JsonDocument) -> None:
    """Print a document of the public JSON vocabulary on standard output."""
    typer.echo(document.json_text())


@contextmanager
def working(message: str, *, quiet: bool = False) -> Iterator[None]:
    """Say what a slow step is doing: a Rich spinner on standard error, shown only on a
    terminal and never with ``quiet`` (``--json``), so pipes and scripts see nothing."""
    if quiet or not errors.is_terminal:
        yield
        return
    with errors.status(escape(message)):
        yield


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"ballottage {version('ballottage')}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show the Python traceback of an error (for bug reports)."),
    ] = False,
) -> None:
    """Exact seats for French two-round list elections with a majority bonus (regional
    councils, Corsica, Martinique, municipal councils)."""
    if debug:
        _State.debug = True


def main() -> None:
    """Entry point of the ``ballottage`` script."""
    app()

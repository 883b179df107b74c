"""The ``ballottage`` command: one Typer app, errors turned into one line and exit status 2."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from ballottage.errors import BallottageError

app = typer.Typer(
    name="ballottage",
    help=(
        "Exact seats for French two-round list elections with a majority bonus "
        "(regional councils, Corsica, Martinique, municipal councils)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

JSON_HELP = "Print plain JSON for scripts instead of tables."


def fail(message: str) -> NoReturn:
    """Print one line to standard error and exit with status 2."""
    errors.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(2)


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn a :class:`BallottageError` (or an unreadable file) into one line and exit 2."""
    try:
        yield
    except BallottageError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        fail(f"a file is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8")


def emit_json(data: Any) -> None:
    """Print ``data`` as JSON on standard output."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


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
) -> None:
    """Exact seats for French two-round list elections with a majority bonus (regional
    councils, Corsica, Martinique, municipal councils)."""


def main() -> None:
    """Entry point of the ``ballottage`` script."""
    app()

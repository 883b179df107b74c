"""``ballottage serve``: the local scenario page (FastAPI + Uvicorn)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from ballottage.cli.app import app, console, reporting_errors, working

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def allowed_hosts(host: str) -> list[str] | None:
    """Host headers a loopback server accepts (None: any, when bound to another address).

    >>> allowed_hosts("127.0.0.1")
    ['localhost', '127.0.0.1', '::1', '[::1]']
    >>> allowed_hosts("0.0.0.0") is None
    True
    """
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    return [*LOOPBACK_NAMES, "[::1]"] if loopback else None


@app.command("serve", rich_help_panel="See it")
def serve_command(
    host: Annotated[
        str, typer.Option(help="Address to bind; keep 127.0.0.1 unless others must reach it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: Annotated[
        Path | None, typer.Option("--db", help="DuckDB store (default: user cache).")
    ] = None,
) -> None:
    """Serve the round-2 playground page and its JSON API (docs at /docs).

    Example: ballottage serve, then open the address it prints.
    """
    import uvicorn

    from ballottage.web.app import create_app

    with reporting_errors(), working("Opening the store…"):
        web = create_app(db, allowed_hosts=allowed_hosts(host))
    shown = f"[{host}]" if ":" in host else host
    console.print(f"ballottage: open http://{shown}:{port}/ (API docs: /docs); Ctrl+C stops.")
    uvicorn.run(web, host=host, port=port, log_level="warning")

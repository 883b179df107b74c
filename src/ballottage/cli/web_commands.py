"""``ballottage serve``: the local scenario page (FastAPI + Uvicorn)."""

from __future__ import annotations

import errno
import ipaddress
import socket
from pathlib import Path
from typing import Annotated

import typer

from ballottage.cli.app import app, console, fail, reporting_errors, working

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


def bound_socket(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port`` for the server, or one clear line if it cannot be.

    Bound before anything is printed, so a port another server holds is said plainly instead
    of first printing an address that answers with the other server's page.
    """
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        infos = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
        sock = socket.socket(infos[0][0], socket.SOCK_STREAM)
    except (OSError, IndexError) as exc:
        fail(f"--host {host}: not an address this machine can listen on ({exc})")
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(infos[0][4])
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            other = port + 1 if port < 65535 else 8000
            fail(
                f"port {port} on {host} is already in use (another server?); "
                f"stop it or pick another port: ballottage serve --port {other}"
            )
        if exc.errno == errno.EACCES:
            fail(f"port {port} on {host}: permission denied; use a port above 1023")
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    return sock


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

    sock = bound_socket(host, port)
    with reporting_errors(), working("Opening the store…"):
        web = create_app(db, allowed_hosts=allowed_hosts(host))
    shown = f"[{host}]" if ":" in host else host
    console.print(f"ballottage: open http://{shown}:{port}/ (API docs: /docs); Ctrl+C stops.")
    server = uvicorn.Server(uvicorn.Config(web, host=host, port=port, log_level="warning"))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()

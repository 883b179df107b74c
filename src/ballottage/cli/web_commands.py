"""``ballottage serve``: the local scenario page (FastAPI + Uvicorn)."""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from ballottage.cli.app import app, console, errors, fail, reporting_errors, working

if TYPE_CHECKING:
    import uvicorn

    from ballottage.web.live import FollowedNight

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
EVERY_INTERFACE = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server on this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _header_name(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def allowed_hosts(host: str, extra: Sequence[str] = (), *, machine: bool = True) -> list[str]:
    """Host headers the server accepts (the check against DNS rebinding stays on): the
    loopback names, the address it is bound to, this machine's name (when bound to every
    interface) and the ``--allow-host`` names.

    >>> allowed_hosts("127.0.0.1")
    ['localhost', '127.0.0.1', '::1', '[::1]']
    >>> allowed_hosts("192.168.1.5", ["ballottage.lan"])
    ['localhost', '127.0.0.1', '::1', '[::1]', '192.168.1.5', 'ballottage.lan']
    >>> "0.0.0.0" in allowed_hosts("0.0.0.0", machine=False)
    False
    """
    names = [*LOOPBACK_NAMES, "[::1]"]
    if not is_loopback(host) and host not in EVERY_INTERFACE:
        names.append(_header_name(host))
    if host in EVERY_INTERFACE and machine:
        try:
            own = socket.gethostname()
            names += [own, socket.getfqdn(own)]
            names += socket.gethostbyname_ex(own)[2]
        except OSError:
            pass
    names += [_header_name(h.strip()) for h in extra if h.strip()]
    return list(dict.fromkeys(n for n in names if n))


def exposure_warning(host: str, port: int, hosts: Sequence[str]) -> str:
    """What ``serve`` says when bound to anything but loopback."""
    where = "every interface" if host in EVERY_INTERFACE else host
    return (
        f"serving on {where}, port {port}: the page has no authentication, anyone who can "
        f"reach this port can use it. Host headers accepted: {', '.join(hosts)}; "
        "add --allow-host NAME for another name."
    )


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


def _night(
    source: str | None, election: str | None, round_: int | None, db: Path | None
) -> FollowedNight | None:
    """The night ``--live`` follows, once its options are checked."""
    if source is None:
        if election is not None or round_ is not None:
            fail("--election and --round go with --live SOURCE")
        return None
    if election is None or round_ is None:
        fail("--live needs --election and --round (for instance --election 2021 --round 1)")
    from ballottage.web.live import FollowedNight

    return FollowedNight(source, election, round_, db)


def _server(config: uvicorn.Config, closing: Callable[[], None] | None) -> uvicorn.Server:
    """Uvicorn's server; on Ctrl+C it first calls ``closing`` (the live page ends its event
    streams, which would otherwise hold the graceful shutdown until its time-out)."""
    import uvicorn

    if closing is None:
        return uvicorn.Server(config)
    on_exit = closing

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            on_exit()
            super().handle_exit(sig, frame)

    return Server(config)


@app.command("serve", rich_help_panel="See it")
def serve_command(
    host: Annotated[
        str, typer.Option(help="Address to bind; keep 127.0.0.1 unless others must reach it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: Annotated[
        Path | None, typer.Option("--db", help="DuckDB store (default: user cache).")
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Another Host header name to accept (repeatable) when others reach the page.",
        ),
    ] = None,
    live: Annotated[
        str | None,
        typer.Option(
            "--live",
            metavar="SOURCE",
            help="Follow an election night (an http(s):// address or a directory of results) "
            "and show it at /live; needs --election and --round.",
        ),
    ] = None,
    election: Annotated[
        str | None, typer.Option(help="With --live: the election (id or year).")
    ] = None,
    round_: Annotated[
        int | None, typer.Option("--round", min=1, max=2, help="With --live: the round (1 or 2).")
    ] = None,
) -> None:
    """Serve the round-2 playground page and its JSON API (docs at /docs); with --live, the
    election night at /live, its bars moving as the results arrive.

    Example: ballottage serve, then open the address it prints.
    Example: ballottage serve --live http://127.0.0.1:8765/ --election 2021 --round 1
    """
    import uvicorn

    from ballottage.web.app import create_app

    night = _night(live, election, round_, db)
    sock = bound_socket(host, port)
    hosts = allowed_hosts(host, allow_host or ())
    if not is_loopback(host):
        errors.print(f"[yellow]warning:[/] {escape(exposure_warning(host, port, hosts))}")
    with reporting_errors(), working("Opening the store…"):
        if night is None:
            web = create_app(db, allowed_hosts=hosts)
        else:
            web = create_app(db, allowed_hosts=hosts, live=night)
    shown = f"[{host}]" if ":" in host else host
    page = f"http://{shown}:{port}/" + ("live" if night is not None else "")
    console.print(f"ballottage: open {page} (API docs: /docs); Ctrl+C stops.")
    config = uvicorn.Config(
        web, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5
    )
    server = _server(config, None if night is None else web.state.live.closing)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()

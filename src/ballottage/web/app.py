"""The local scenario page and its JSON API (FastAPI), served by ``ballottage serve``.

Routes: ``GET /`` (the page, offline: its script and style are served from here), ``GET /live``
(election night, :mod:`ballottage.web.live`),
``GET /api/elections``, ``GET /api/regions/{code}``, ``POST /api/project``,
``POST /api/simulate``; OpenAPI docs at ``/docs``. Answers are documents of the public JSON
vocabulary (docs/json.md). Errors answer its error document ``{"schema": 1, "error": {"kind",
"message", "article", "field", "file", "rule", "limit"}}``: an illegal line-up or bad input
422 (naming the rule), an unknown election or region 404, a body over 1 MB 413.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ballottage import __version__
from ballottage.data.store import open_store
from ballottage.errors import BallottageError, MissingData, UnknownName
from ballottage.scenarios.places import json_key
from ballottage.vocabulary.problems import ErrorDoc, Problem
from ballottage.vocabulary.web import ElectionsPage, ProjectPage, RegionPage, SimulatePage
from ballottage.web.apidocs import api_page
from ballottage.web.limits import MAX_BODY_BYTES, BodyLimit, NoTraceback
from ballottage.web.live import LiveNight, NightFeed, live_router
from ballottage.web.models import ScenarioRequest, SimulateRequest
from ballottage.web.playground import Playground

STATIC = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
    "live.js": "text/javascript; charset=utf-8",
    "live.css": "text/css; charset=utf-8",
}
"""The page's files (package data under ``web/static``) and their media types."""

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
"""Content-Security-Policy of the page: nothing is loaded from anywhere but this server."""


def status_for(error: BallottageError) -> int:
    """404 for what the store does not have, 422 for anything the law or the input refuses."""
    return 404 if isinstance(error, UnknownName | MissingData) else 422


def _error(status: int, message: str, fields: dict[str, object]) -> JSONResponse:
    """The error document of the vocabulary (as ``--json`` prints it), with its status."""
    document = ErrorDoc(error=Problem.of(message, fields))
    return JSONResponse(status_code=status, content=document.model_dump(by_alias=True))


def _static(name: str) -> Response:
    text = files("ballottage").joinpath("web", "static", name).read_bytes()
    headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
    if name == "index.html":
        headers["Content-Security-Policy"] = PAGE_POLICY
    return Response(content=text, media_type=STATIC[name], headers=headers)


def create_app(
    db: str | Path | None = None,
    *,
    allowed_hosts: Sequence[str] | None = None,
    body_limit: int = MAX_BODY_BYTES,
    live: NightFeed | None = None,
) -> FastAPI:
    """The application over the store at ``db`` (``":memory:"`` for tests; None: user cache).

    The store is filled from the bundled figures on first use, like the command line's, then
    opened read-only: the page only queries it (and loads no reader of the Ministry's files).
    ``allowed_hosts``: Host headers to accept (guards a local server against DNS rebinding).
    ``live``: the election night ``/live`` follows (see :mod:`ballottage.web.live`); its feed
    imports each batch into the store's journal, so the store is then opened for writing too
    (one process, one configuration of the file).
    """
    store = open_store(db, read_only=live is None)
    playground = Playground(store)
    night = LiveNight(live)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        night.start()
        yield
        night.stop()
        store.close()

    app = FastAPI(
        title="ballottage",
        version=__version__,
        summary="Play with a region's round 2: line-ups, transfers, exact seats, chances.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI comes from a CDN: /docs is rendered here instead
        redoc_url=None,
    )
    app.state.playground = playground
    app.state.live = night

    @app.exception_handler(BallottageError)
    async def ballottage_error(_: Request, exc: BallottageError) -> JSONResponse:
        return _error(status_for(exc), str(exc), exc.fields())

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for item in exc.errors():
            where = json_key(tuple(item.get("loc", ())))
            problems.append(f"{where or 'body'}: {item.get('msg', 'invalid')}")
        return _error(422, "; ".join(problems), {"kind": "InvalidRequest"})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), {"kind": "HTTPError"})

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        return _static("index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        """The API described from its OpenAPI schema, as a page that needs no network."""
        headers = {"Content-Security-Policy": PAGE_POLICY, "X-Content-Type-Options": "nosniff"}
        return HTMLResponse(api_page(app.openapi()), headers=headers)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC:
            raise StarletteHTTPException(404, f"no static file {name!r}")
        return _static(name)

    @app.get("/api/elections", summary="Stored elections and their regions")
    def elections() -> ElectionsPage:
        """Each election with its regions; ``playable`` is false (with ``reason``) when a
        region's round 2 cannot be played (no council rule set, a round-1 winner...)."""
        return playground.elections()

    @app.get("/api/regions/{code}", summary="A region's round 1 and default line-up")
    def region(
        code: str,
        election: Annotated[
            str | None, Query(max_length=64, description="Election id or year.")
        ] = None,
    ) -> RegionPage:
        """Round-1 lists with their law status (``stand``, ``merge``, ``out``), the rule set,
        the round 2 that happened if stored, and the line-up to start from."""
        return playground.region(code, election)

    @app.post("/api/project", summary="Expected round 2 and its exact seats")
    def project(body: ScenarioRequest) -> ProjectPage:
        """The scenario as understood (every transfer row), the expected round 2, the seats
        (``allocation``, as ``ballottage allocate --json``) and an SVG hemicycle."""
        return playground.project(body)

    @app.post("/api/simulate", summary="Monte Carlo win probabilities")
    def simulate(body: SimulateRequest) -> SimulatePage:
        """Per round-2 list: chance of coming first (the bonus), of an absolute majority of
        seats, and seat quantiles, over ``draws`` (at most 200 000) seeded draws."""
        return playground.simulate(body)

    page_headers = {"Content-Security-Policy": PAGE_POLICY, "X-Content-Type-Options": "nosniff"}
    app.include_router(live_router(night, page_headers))

    app.add_middleware(BodyLimit, limit=body_limit)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(NoTraceback)
    return app

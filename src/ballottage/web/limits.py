"""Request bodies over a size limit get 413, whether announced (Content-Length) or streamed."""

from __future__ import annotations

import os
import sys

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ballottage import limits

MAX_BODY_BYTES = limits.REQUEST_BYTES
"""1 MB: far above any scenario, far below what could tie the server up."""


class BodyLimit:
    """ASGI middleware: reads the body up to ``limit`` bytes, then hands it on.

    A body whose Content-Length or streamed size exceeds ``limit`` is answered 413 before the
    application sees it.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    announced = int(value)
                except ValueError:
                    await _answer(send, 400, "Content-Length is not a number")
                    return
                if announced > self.limit:
                    await _too_large(send, self.limit)
                    return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body.extend(message.get("body", b""))
            if len(body) > self.limit:
                await _too_large(send, self.limit)
                return
            more = bool(message.get("more_body", False))
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _too_large(send: Send, limit: int) -> None:
    await _answer(send, 413, f"request body over {limit} bytes (the limit is 1 MB)")


async def _answer(send: Send, status: int, detail: str, kind: str = "RequestBody") -> None:
    from ballottage.vocabulary.problems import ErrorDoc, Problem

    payload = ErrorDoc(error=Problem(kind=kind, message=detail)).json_text().encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class NoTraceback:
    """ASGI middleware: an error nobody foresaw answers 500 with one JSON object and logs one
    line, instead of a Python traceback in the server's output (``BALLOTTAGE_DEBUG=1`` lets
    it through)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if os.environ.get("BALLOTTAGE_DEBUG"):
                raise
            line = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
            sys.stderr.write(f"error: {scope.get('method', '')} {scope.get('path', '')}: {line}\n")
            if not started:
                await _answer(send, 500, f"internal error ({type(exc).__name__})", "InternalError")

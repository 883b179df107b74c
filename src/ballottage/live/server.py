"""The replay's HTTP server on 127.0.0.1: the Ministry's tree as published so far.

Answers ``GET`` with the file's ``ETag`` and ``Last-Modified`` and ``304 Not Modified`` to a
request whose ``If-None-Match`` names the current version; a ticker thread publishes the next
batch every ``interval`` seconds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ballottage.live.feed import UnitResult
from ballottage.live.replay import Publication


class ReplayServer:
    """Serves ``publication`` and publishes ``batches`` one by one, every ``interval`` s."""

    def __init__(
        self,
        publication: Publication,
        batches: Sequence[Sequence[UnitResult]],
        *,
        port: int = 0,
        interval: float = 2.0,
        on_publish: Callable[[int, Sequence[UnitResult]], None] | None = None,
    ) -> None:
        self.publication = publication
        self.batches = list(batches)
        self.interval = interval
        self.on_publish = on_publish
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.modified = {path: formatdate(usegmt=True) for path in publication.files}
        handler = _handler(self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        """The address to follow: ``http://127.0.0.1:PORT/``."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def file(self, path: str) -> tuple[bytes, str, str] | None:
        """A published file with its ETag and Last-Modified, or ``None``."""
        with self.lock:
            found = self.publication.files.get(path)
            if found is None:
                return None
            return found[0], found[1], self.modified[path]

    def publish_next(self) -> bool:
        """Publish the next batch; ``False`` when there is none left."""
        with self.lock:
            if self.publication.published >= len(self.batches):
                return False
            batch = self.batches[self.publication.published]
            before = dict(self.publication.files)
            self.publication.publish(batch)
            now = formatdate(usegmt=True)
            for path, version in self.publication.files.items():
                if before.get(path) != version:
                    self.modified[path] = now
            number = self.publication.published
        if self.on_publish is not None:
            self.on_publish(number, batch)
        return True

    def _tick(self) -> None:
        while not self.stopped.wait(self.interval):
            if not self.publish_next():
                return

    def start(self) -> None:
        """Serve and publish in background threads."""
        for target in (self.httpd.serve_forever, self._tick):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop publishing and serving."""
        self.stopped.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 -- http.server's name
            path = self.path.split("?", 1)[0].lstrip("/")
            found = server.file(path)
            if found is None:
                self.send_error(404, "not published")
                return
            data, etag, modified = found
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/xml; charset=ISO-8859-1")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet: the replay command says what it publishes."""

    return Handler

"""Where an election night's results come from: a directory or an HTTP address, polled.

:func:`open_source` turns what the user typed into a :class:`Source` whose :meth:`poll`
returns the next :class:`~ballottage.live.feed.Batch` (or ``None``: nothing new). HTTP is
polled with ``If-None-Match``/``If-Modified-Since``; a directory by file size and time. Either
holds the Ministry's XML tree (``index.xml``, or ``resultatsT{N}/index.xml``), or text files
(the plain CSV of unit results, or the Ministry's ``;`` export), one batch per new file version.
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ballottage.data.reference import normalize_name
from ballottage.errors import BallottageError, InvalidInput, UnreadableFile
from ballottage.limits import LIVE_FILE_BYTES
from ballottage.live import ministry_xml
from ballottage.live.feed import BadBatch, Batch, UnitResult, read_units_csv
from ballottage.live.ministry_text import read_ministry_text

TEXT_BYTES = LIVE_FILE_BYTES
"""A file of the feed larger than this is refused (:data:`ballottage.limits.LIVE_FILE_BYTES`)."""

OUTSIDE = "a feed's index may only name files under the feed's own address or directory"

TIMEOUT = 10.0
"""Seconds an HTTP request may take."""


class FeedUnavailable(BallottageError):
    """The source cannot be reached (no such file, connection refused, HTTP error)."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}", rule="the source must be reachable")
        self.file = where


@dataclass(frozen=True)
class Fetched:
    """A file as fetched: its bytes and its version tag (ETag, Last-Modified, or size+time)."""

    where: str
    data: bytes
    tag: str


class Fetcher(Protocol):
    """Reads files relative to a root, remembering their versions."""

    root: str

    def get(self, relative: str, *, fresh: bool = False) -> Fetched | None:
        """The file if it changed since the last call (``None``: unchanged); ``fresh`` forgets
        the version seen. A missing file raises :class:`FeedUnavailable`."""
        ...

    def forget(self, relative: str) -> None:
        """Forget the version seen of a file: the next :meth:`get` returns it."""
        ...


@dataclass
class HttpFetcher:
    """Files under an HTTP address, fetched with conditional requests."""

    root: str
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)

    def get(self, relative: str, *, fresh: bool = False) -> Fetched | None:
        url = urllib.parse.urljoin(self.root, relative)
        if not url.startswith(self.root.rsplit("/", 1)[0] + "/"):
            raise UnreadableFile(url, f"outside the source {self.root}", rule=OUTSIDE)
        headers = {"User-Agent": "ballottage-live"}
        etag, modified = ("", "") if fresh else self.seen.get(url, ("", ""))
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                data = response.read(TEXT_BYTES + 1)
                etag = response.headers.get("ETag", "")
                modified = response.headers.get("Last-Modified", "")
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return None
            raise FeedUnavailable(url, f"HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FeedUnavailable(url, f"cannot be fetched ({reason})") from None
        if len(data) > TEXT_BYTES:
            raise UnreadableFile(url, f"over {TEXT_BYTES} bytes")
        self.seen[url] = (etag, modified)
        tag = etag or modified or hashlib.sha256(data).hexdigest()
        return Fetched(url, data, tag)

    def forget(self, relative: str) -> None:
        self.seen.pop(urllib.parse.urljoin(self.root, relative), None)


@dataclass
class DirectoryFetcher:
    """Files under a directory; a file changed when its size or modification time did."""

    root: str
    seen: dict[str, str] = field(default_factory=dict)

    def get(self, relative: str, *, fresh: bool = False) -> Fetched | None:
        path = Path(self.root) / relative
        if not path.resolve().is_relative_to(Path(self.root).resolve()):
            raise UnreadableFile(str(path), f"outside the source {self.root}", rule=OUTSIDE)
        try:
            stat = path.stat()
            version = f"{stat.st_size}-{stat.st_mtime_ns}"
            if not fresh and self.seen.get(str(path)) == version:
                return None
            if stat.st_size > TEXT_BYTES:
                raise UnreadableFile(str(path), f"over {TEXT_BYTES} bytes")
            data = path.read_bytes()
        except FileNotFoundError:
            raise FeedUnavailable(str(path), "no such file") from None
        except OSError as exc:
            raise FeedUnavailable(str(path), exc.strerror or str(exc)) from None
        self.seen[str(path)] = version
        return Fetched(str(path), data, hashlib.sha256(data).hexdigest()[:32])

    def forget(self, relative: str) -> None:
        self.seen.pop(str(Path(self.root) / relative), None)


class Source(Protocol):
    """A source of batches."""

    where: str

    def poll(self) -> Batch | None:
        """The next batch, or ``None`` when nothing changed."""
        ...


def decode(data: bytes, where: str) -> str:
    """UTF-8, else Windows-1252/Latin-1 (the Ministry's text exports)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict") if _cp1252(data) else data.decode("latin-1")


def _cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def read_text_units(data: bytes, where: str) -> tuple[UnitResult, ...]:
    """Units of a text file: the Ministry's ``;`` export or the plain CSV, told by the header."""
    text = decode(data, where)
    header = normalize_name(text[:2000].split("\n", 1)[0])
    if "code du departement" in header:
        return read_ministry_text(text, where)
    return read_units_csv(text, where)


@dataclass
class TextFiles:
    """Text files (one, or every ``.csv``/``.txt`` of a directory): a batch per new version."""

    fetcher: Fetcher
    names: Callable[[], list[str]]
    where: str

    def poll(self) -> Batch | None:
        for name in self.names():
            got = self.fetcher.get(name)
            if got is None:
                continue
            try:
                return Batch(got.where, got.tag, read_text_units(got.data, got.where))
            except BallottageError as exc:
                raise BadBatch(got.where, got.tag, exc) from None
        return None


@dataclass
class MinistryTree:
    """The Ministry's XML tree for one round: a batch per new version of ``index.xml``, with
    every unit reported (``ResultatsParvenus`` O) whose ``DateDerMaj HeureDerMaj`` changed."""

    fetcher: Fetcher
    index: str
    round: int
    where: str
    regions: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)

    def poll(self) -> Batch | None:
        got = self.fetcher.get(self.index)
        if got is None:
            return None
        base = self.index.rsplit("/", 1)[0] + "/" if "/" in self.index else ""
        found: list[UnitResult] = []
        published = ""
        regions, units = dict(self.regions), dict(self.units)
        try:
            for region in ministry_xml.read_index(got.data, got.where):
                published = max(published, region.updated)
                if regions.get(region.directory) == region.updated:
                    continue
                for section in region.sections:
                    found += self._section(base, region.directory, section, units)
                regions[region.directory] = region.updated
        except FeedUnavailable:
            self.fetcher.forget(self.index)  # out of reach for now: the next poll reads it again
            raise
        except BallottageError as exc:
            raise BadBatch(got.where, got.tag, exc) from None
        # Only a batch read whole moves the versions seen: a refused one is read again, with
        # whatever the publisher corrected, when the index next changes.
        self.regions, self.units = regions, units
        if not found:
            return None
        return Batch(got.where, got.tag, tuple(found), published or None)

    def _section(
        self, base: str, region: str, section: str, seen: dict[str, str]
    ) -> list[UnitResult]:
        folder = f"{base}{region}/{section}/"
        index = self.fetcher.get(folder + "index.xml", fresh=True)
        assert index is not None  # fresh: always fetched
        out = []
        for entry in ministry_xml.read_section_index(index.data, index.where, self.round):
            key = f"{region}/{section}/{entry.code}"
            if not entry.arrived or seen.get(key) == entry.updated:
                continue
            unit = self.fetcher.get(f"{folder}{section}{entry.code}.xml", fresh=True)
            assert unit is not None
            out.append(ministry_xml.read_unit(unit.data, unit.where, self.round))
            seen[key] = entry.updated
        return out


def open_source(text: str, round_: int) -> Source:
    """The source the user named: ``http(s)://…`` or a path; a file of unit results, a
    directory of them, or the root of the Ministry's tree."""
    if round_ not in (1, 2):
        raise InvalidInput("--round", round_, "must be 1 or 2")
    if text.startswith(("http://", "https://")):
        return _http_source(text, round_)
    if text.startswith(("file:", "ftp:")) or "://" in text:
        raise InvalidInput("SOURCE", text, "must be an http(s):// address or a local path")
    path = Path(text)
    if path.is_file():
        fetcher = DirectoryFetcher(str(path.parent))
        return TextFiles(fetcher, lambda: [path.name], str(path))
    if not path.is_dir():
        raise FeedUnavailable(text, "no such file or directory")
    for index in (f"resultatsT{round_}/index.xml", "index.xml"):
        if (path / index).is_file():
            return MinistryTree(DirectoryFetcher(str(path)), index, round_, str(path / index))

    def names() -> list[str]:
        return sorted(p.name for p in path.iterdir() if p.suffix.lower() in (".csv", ".txt"))

    return TextFiles(DirectoryFetcher(str(path)), names, str(path))


def _http_source(url: str, round_: int) -> Source:
    parsed = urllib.parse.urlsplit(url)
    if parsed.path.lower().endswith((".csv", ".txt")):
        root, name = url.rsplit("/", 1)
        return TextFiles(HttpFetcher(root + "/"), lambda: [name], url)
    root = url if url.endswith("/") else url + "/"
    fetcher = HttpFetcher(root)
    if parsed.path.endswith("index.xml"):
        root, index = url.rsplit("/", 1)
        return MinistryTree(HttpFetcher(root + "/"), index, round_, url)
    for index in (f"resultatsT{round_}/index.xml", "index.xml"):
        try:
            fetcher.get(index, fresh=True)
        except FeedUnavailable as exc:
            if "HTTP 404" not in str(exc):
                raise
            continue
        fetcher.seen.clear()
        return MinistryTree(fetcher, index, round_, urllib.parse.urljoin(root, index))
    raise FeedUnavailable(url, f"neither resultatsT{round_}/index.xml nor index.xml is there")

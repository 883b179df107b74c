"""Downloading the Ministry of the Interior's result files (the one place their addresses live).

Addresses on data.gouv.fr change over time: users may pass their own with ``--url`` or
``--base-url``. A download goes to a temporary file first and is renamed only when complete,
so an interrupted transfer never leaves a half-written file behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import httpx
import platformdirs

from ballottage import limits
from ballottage.bounded import too_big
from ballottage.errors import BallottageError, InvalidInput, UnknownName


@dataclass(frozen=True)
class OfficialFile:
    """One official result file: what it holds and where the Ministry publishes it."""

    key: str
    election: str
    round: int
    level: str
    url: str

    @property
    def filename(self) -> str:
        """The file's name at its address."""
        return urlsplit(self.url).path.rsplit("/", 1)[-1]


_DATA_GOUV = "https://static.data.gouv.fr/resources/"

OFFICIAL_FILES = MappingProxyType(
    {
        f.key: f
        for f in (
            OfficialFile(
                "regionales-2015-t1-communes",
                "regionales-2015",
                1,
                "communes",
                _DATA_GOUV + "elections-regionales-2015-et-des-assemblees-de-corse-de-guyane-et-de-"
                "martinique-par-communes-resultats-tour-1-1/20160121-102246/"
                "Reg_15_Resultats_Communes_T1_c.xlsx",
            ),
            OfficialFile(
                "regionales-2015-t2-communes",
                "regionales-2015",
                2,
                "communes",
                _DATA_GOUV + "elections-regionales-2015-et-des-assemblees-de-corse-de-guyane-et-de-"
                "martinique-par-communes-resultats-tour-2-1/20160121-104121/"
                "Reg_15_Resultats_Communes_T2c.xlsx",
            ),
            OfficialFile(
                "regionales-2021-t1",
                "regionales-2021",
                1,
                "all levels",
                _DATA_GOUV + "elections-regionales-2021-resultats-du-1er-tour-1/20210713-100212/"
                "reg-resultats-par-niveau-subcom-t1-france-entiere-2021-07-12-18h41.txt",
            ),
            OfficialFile(
                "regionales-2021-t2",
                "regionales-2021",
                2,
                "all levels",
                _DATA_GOUV + "elections-regionales-2021-resultats-du-2eme-tour/20210713-095756/"
                "reg-resultats-par-niveau-subcom-t2-france-entiere-2021-07-12-09h15.txt",
            ),
        )
    }
)
"""The Ministry's files on data.gouv.fr, by key."""


def downloads_dir() -> Path:
    """Where downloaded files go by default (the user's data directory)."""
    return Path(platformdirs.user_data_dir("ballottage")) / "downloads"


def select_files(names: list[str]) -> list[OfficialFile]:
    """Files by key, election (``regionales-2015``) or year (``2015``); all when empty."""
    if not names:
        return list(OFFICIAL_FILES.values())
    chosen: list[OfficialFile] = []
    for name in names:
        key = name.strip().lower()
        found = [
            f
            for f in OFFICIAL_FILES.values()
            if key in (f.key, f.election, f.election.rsplit("-", 1)[-1])
        ]
        if not found:
            raise UnknownName("official file", name, tuple(OFFICIAL_FILES))
        chosen.extend(f for f in found if f not in chosen)
    return chosen


def local_copy(official: OfficialFile, directory: Path | None = None) -> Path | None:
    """The downloaded copy of ``official``, if there is one."""
    path = (directory or downloads_dir()) / official.filename
    return path if path.is_file() else None


Progress = Callable[[int, int | None], None]
"""Called with (bytes so far, total bytes or None)."""


def check_url(url: str) -> None:
    """Only http and https addresses are fetched.

    >>> check_url("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    ballottage.errors.InvalidInput: url='file:///etc/passwd': must start with http:// or https://
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise InvalidInput("url", url, "must start with http:// or https://")


def download(
    url: str,
    directory: Path,
    *,
    filename: str | None = None,
    on_progress: Progress | None = None,
    timeout: float = 60.0,
) -> tuple[Path, str]:
    """Download ``url`` into ``directory``; returns the file and its SHA-256.

    The data is written to a temporary file and moved into place only once complete.
    """
    check_url(url)
    name = filename or urlsplit(url).path.rsplit("/", 1)[-1] or "download"
    directory.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=directory)
    try:
        with (
            os.fdopen(fd, "wb") as out,
            httpx.stream("GET", url, follow_redirects=True, timeout=timeout) as response,
        ):
            if response.status_code != 200:
                raise BallottageError(f"{url}: the server answered HTTP {response.status_code}")
            total_header = response.headers.get("content-length")
            total = int(total_header) if total_header and total_header.isdigit() else None
            done = 0
            cap = limits.ministry_file_bytes()
            if total is not None and total > cap:
                raise too_big(url, cap, name="MINISTRY_FILE_BYTES", env=limits.MINISTRY_FILE_ENV)
            for chunk in response.iter_bytes(1 << 16):
                if done + len(chunk) > cap:
                    raise too_big(
                        url, cap, name="MINISTRY_FILE_BYTES", env=limits.MINISTRY_FILE_ENV
                    )
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if on_progress is not None:
                    on_progress(done, total)
            if total is not None and done != total:
                raise BallottageError(f"{url}: got {done} bytes of {total}; try again")
        target = directory / name
        os.replace(tmp_name, target)
    except httpx.HTTPError as exc:
        raise BallottageError(f"{url}: download failed ({exc.__class__.__name__}: {exc})") from None
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return target, digest.hexdigest()

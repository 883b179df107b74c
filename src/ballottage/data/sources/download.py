"""Downloading the Ministry of the Interior's result files (their addresses:
:mod:`ballottage.data.official`).

Addresses on data.gouv.fr change over time: users may pass their own with ``--url`` or
``--base-url``. A download goes to a temporary file first and is renamed only when complete,
so an interrupted transfer never leaves a half-written file behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from ballottage import limits
from ballottage.bounded import too_big
from ballottage.data.official import (
    OFFICIAL_FILES,
    OfficialFile,
    downloads_dir,
    local_copy,
    select_files,
)
from ballottage.errors import BallottageError, InvalidInput

__all__ = [
    "OFFICIAL_FILES",
    "OfficialFile",
    "Progress",
    "check_url",
    "download",
    "downloads_dir",
    "local_copy",
    "select_files",
]


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

"""A feed's index names the files to read: a hostile one cannot send the follower elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from ballottage.errors import UnreadableFile
from ballottage.live.sources import DirectoryFetcher, HttpFetcher


def test_a_directory_feed_reads_nothing_outside_its_directory(tmp_path: Path) -> None:
    root = tmp_path / "feed"
    root.mkdir()
    (root / "index.xml").write_text("<x/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not a result", encoding="utf-8")
    fetcher = DirectoryFetcher(str(root))
    got = fetcher.get("index.xml")
    assert got is not None and got.data == b"<x/>"
    for hostile in ("../secret.txt", str(tmp_path / "secret.txt"), "a/../../secret.txt"):
        with pytest.raises(UnreadableFile, match="outside the source") as caught:
            fetcher.get(hostile)
        assert caught.value.rule is not None and "index" in caught.value.rule


def test_an_http_feed_fetches_nothing_outside_its_address() -> None:
    fetcher = HttpFetcher("http://127.0.0.1:9/elections/2021/")
    for hostile in ("http://198.51.100.7/x.xml", "../../other/x.xml", "//example.org/x.xml"):
        with pytest.raises(UnreadableFile, match="outside the source"):
            fetcher.get(hostile)

"""Files written or fetched as documents: ``report``, ``fetch``."""

from __future__ import annotations

from pydantic import Field

from ballottage.vocabulary.common import Document, Model


class ReportDoc(Document):
    """``ballottage report --json``: what it wrote."""

    output: str = Field(description="The HTML file written.")
    bytes: int
    elections: tuple[str, ...]


class OfficialFileDoc(Model):
    """One official file ``fetch`` knows."""

    key: str
    round: int | None
    level: str
    url: str


class OfficialFilesDoc(Document):
    """``ballottage fetch --list --json``."""

    files: tuple[OfficialFileDoc, ...]


class FetchedDoc(Model):
    """One file downloaded, with its checksum."""

    key: str
    url: str
    path: str
    sha256: str
    bytes: int


class FetchDoc(Document):
    """``ballottage fetch --json``: the files downloaded."""

    files: tuple[FetchedDoc, ...]

"""The Ministry of the Interior's official result files: what each holds, where it is
published (the one place their addresses live), and where a downloaded copy is kept.

Fetching them is :mod:`ballottage.data.sources.download`; importing the local copies,
:func:`ballottage.data.imports.import_local_copies`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import platformdirs

from ballottage.errors import UnknownName


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


def official_file(election: str, round_: int) -> OfficialFile | None:
    """The Ministry file with the sub-regional results of one round, if ballottage knows one."""
    found = [f for f in OFFICIAL_FILES.values() if f.election == election and f.round == round_]
    return found[0] if found else None

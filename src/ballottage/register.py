"""Section seats of the 2015 regional councils as the register of elected officials has them.

No file at hand publishes, for every 2015 council, the seats each departmental section won.
The Ministry's register of elected officials (RNE) does list every sitting councillor with the
section they sit for: ``reference/register_section_seats_2015.csv`` counts them per section in 8
versions of the register (9 January 2019 to 3 December 2020, from
``shared/data/regionales_2015/rne_conseillers_regionaux/``). Those counts are close to the
seats each section won in December 2015, not equal to them: a vacancy or an overlapping
replacement moves them by 1 or 2, so each section is given as the least and the most count
seen, and called what it is.

>>> [s.text() for s in register_sections("regionales-2015", "32")][:2]
['14', '72–73']
>>> register_sections("regionales-2021", "32")
()
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Final

from ballottage.data.reference import department_code

ELECTION: Final = "regionales-2015"
NOTE: Final = (
    "sitting councillors per section in the register of elected officials (RNE), 8 versions "
    "from 9 January 2019 to 3 December 2020: close to the seats each section won in 2015, not "
    "equal to them (vacancies and replacements move them by 1 or 2)"
)


@dataclass(frozen=True)
class RegisterSection:
    """One section: its code (INSEE department, or 69D/69M), name, and the register's counts."""

    code: str
    name: str
    least: int
    most: int
    versions: int

    def text(self) -> str:
        """``41``, or ``72–73`` when the versions of the register differ."""
        return str(self.least) if self.least == self.most else f"{self.least}–{self.most}"

    def holds(self, seats: int) -> bool:
        """Whether ``seats`` is within what the register counted."""
        return self.least <= seats <= self.most


def _code(raw: str) -> str:
    return raw if raw in ("69D", "69M") else department_code(raw)


@cache
def _table() -> dict[str, tuple[RegisterSection, ...]]:
    text = files("ballottage.reference").joinpath("register_section_seats_2015.csv")
    out: dict[str, list[RegisterSection]] = {}
    for r in csv.DictReader(text.read_text("utf-8").splitlines(), delimiter=";"):
        out.setdefault(r["code_region"], []).append(
            RegisterSection(
                _code(r["code_section"]),
                r["section"],
                int(r["least"]),
                int(r["most"]),
                int(r["snapshots"]),
            )
        )
    return {k: tuple(v) for k, v in out.items()}


def register_sections(election: str, region: str) -> tuple[RegisterSection, ...]:
    """The register's sections of a 2015 council (none for other elections)."""
    if election != ELECTION:
        return ()
    return _table().get(region, ())

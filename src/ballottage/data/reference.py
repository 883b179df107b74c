"""Reference tables shipped in ``ballottage/reference/``: regions, departments, nuances...

Codes are normalised to INSEE: departments ``01`` … ``95``, ``2A``, ``2B``, ``971`` … ``976``;
regions ``11`` … ``94`` and ``01`` … ``06``. The Ministry's files write ``1`` for ``01`` and
``ZA`` … ``ZD`` for the overseas departments; :func:`department_code` reads both.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from ballottage.data.model import Election, Region
from ballottage.errors import InvalidInput, UnknownName

_MINISTRY_OVERSEAS = {"ZA": "971", "ZB": "972", "ZC": "973", "ZD": "974", "ZM": "976"}


def normalize_name(text: str) -> str:
    """Fold case, accents and punctuation, for matching names and heads of lists.

    >>> normalize_name("Provence-Alpes-Côte d’Azur")
    'provence alpes cote d azur'
    >>> normalize_name("  PÉCRESSE   Valérie ")
    'pecresse valerie'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.casefold()).split())


def _plain_code(raw: object) -> str:
    """``1.0`` → ``1``; strings stripped and upper-cased."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    text = str(raw).strip().upper()
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    return text


def department_code(raw: object) -> str:
    """INSEE code of a department written the Ministry's way or INSEE's.

    >>> [department_code(x) for x in ("1", 1.0, "01", "2a", "ZA", "974", "69")]
    ['01', '01', '01', '2A', '971', '974', '69']
    """
    text = _plain_code(raw)
    if text in _MINISTRY_OVERSEAS:
        return _MINISTRY_OVERSEAS[text]
    if text.isdigit() and 1 <= len(text) <= 2:
        return text.zfill(2)
    if text in {"2A", "2B"} or (text.isdigit() and len(text) == 3):
        return text
    raise InvalidInput("department code", raw, "is not a French department code")


def region_code(raw: object) -> str:
    """INSEE 2016 code of a region; the Ministry writes ``1`` for Guadeloupe.

    >>> [region_code(x) for x in ("1", 44.0, "04", "84")]
    ['01', '44', '04', '84']
    """
    text = _plain_code(raw)
    if text.isdigit() and 1 <= len(text) <= 2:
        return text.zfill(2)
    raise InvalidInput("region code", raw, "is not an INSEE region code")


@dataclass(frozen=True)
class RegionRef:
    """A row of ``regions.csv``; ``sections`` is ``departments``, ``special`` or ``none``."""

    region: Region
    aliases: tuple[str, ...]
    sections: str


@dataclass(frozen=True)
class DepartmentRef:
    """A row of ``departments.csv``; ``population`` is ``None`` where not sourced (all, now)."""

    code: str
    minint: str
    name: str
    region: str
    population: int | None = None


@dataclass(frozen=True)
class SectionSplit:
    """A department split into several sections of a regional list (Rhône since 2015)."""

    department: str
    section: str
    name: str
    cantons: tuple[int, ...]
    since: int


@dataclass(frozen=True)
class Nuance:
    """A row of ``nuances.csv``."""

    code: str
    label: str
    family: str
    note: str


@dataclass(frozen=True)
class CouncilRef:
    """A row of ``councils.csv``: the size of a council fixed by law."""

    election: str
    region: str
    seats: int
    rule_set: str
    source: str


def _rows(name: str) -> list[dict[str, str]]:
    text = files("ballottage").joinpath("reference", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter=";"))


def _cantons(spec: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for part in spec.split(","):
        low, _, high = part.partition("-")
        numbers.extend(range(int(low), int(high or low) + 1))
    return tuple(numbers)


@dataclass(frozen=True)
class Reference:
    """Every shipped reference table, loaded once by :func:`reference`."""

    regions: tuple[RegionRef, ...]
    departments: tuple[DepartmentRef, ...]
    splits: tuple[SectionSplit, ...]
    nuances: tuple[Nuance, ...]
    elections: tuple[Election, ...]
    councils: tuple[CouncilRef, ...]

    def department(self, code: str) -> DepartmentRef:
        """The department of an INSEE code."""
        for dep in self.departments:
            if dep.code == code:
                return dep
        raise UnknownName("department", code, [d.code for d in self.departments])

    def family(self, nuance: str | None) -> str | None:
        """Family of a nuance code, ``None`` if the code is unknown."""
        for n in self.nuances:
            if n.code == nuance:
                return n.family
        return None

    def region_ref(self, code: str) -> RegionRef:
        """The reference row of a region code."""
        for ref in self.regions:
            if ref.region.code == code:
                return ref
        raise UnknownName("region", code, [r.region.code for r in self.regions])


@cache
def reference() -> Reference:
    """Load the reference tables (cached)."""
    departments = tuple(
        DepartmentRef(
            r["code"],
            r["minint"],
            r["name"],
            r["region"],
            int(r["population"]) if r.get("population") else None,
        )
        for r in _rows("departments.csv")
    )
    regions = tuple(
        RegionRef(
            Region(
                r["code"],
                r["name"],
                r["abbreviation"],
                tuple(d.code for d in departments if d.region == r["code"]),
            ),
            tuple(a for a in r["aliases"].split("|") if a),
            r["sections"],
        )
        for r in _rows("regions.csv")
    )
    splits = tuple(
        SectionSplit(
            r["department"], r["section"], r["name"], _cantons(r["cantons"]), int(r["since"])
        )
        for r in _rows("section_splits.csv")
    )
    nuances = tuple(
        Nuance(r["code"], r["label"], r["family"], r["note"]) for r in _rows("nuances.csv")
    )
    elections = tuple(
        Election(
            r["id"],
            r["kind"],
            int(r["year"]),
            tuple(date.fromisoformat(r[k]) for k in ("round1", "round2") if r[k]),
            r["label"],
        )
        for r in _rows("elections.csv")
    )
    councils = tuple(
        CouncilRef(r["election"], r["region"], int(r["seats"]), r["rule_set"], r["source"])
        for r in _rows("councils.csv")
    )
    return Reference(regions, departments, splits, nuances, elections, councils)


def _keys(ref: RegionRef) -> Iterable[str]:
    region = ref.region
    yield region.code
    yield region.code.lstrip("0")
    yield normalize_name(region.name)
    yield normalize_name(region.abbreviation)
    yield from (normalize_name(a) for a in ref.aliases)


def resolve_region(query: str, choices: Sequence[Region]) -> Region:
    """Find a region by INSEE code, name or usual abbreviation, ignoring case and accents.

    >>> regions = [r.region for r in reference().regions]
    >>> [resolve_region(q, regions).code for q in ("32", "Hauts de France", "paca", "ARA", "1")]
    ['32', '32', '93', '84', '01']
    """
    key = normalize_name(str(query))
    wanted = {r.code for r in choices}
    for ref in reference().regions:
        if ref.region.code in wanted and key in set(_keys(ref)):
            return next(r for r in choices if r.code == ref.region.code)
    known = [f"{r.code} {r.name} ({r.abbreviation})" for r in choices]
    raise UnknownName("region", str(query), known)

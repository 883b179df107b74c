"""What an election-night feed publishes, and the readers of its plain text files.

A feed publishes *units* (communes, cantons or departments), each with its turnout and every
list's votes; a :class:`Batch` is what one poll of the source brought. Two text layouts are
read here, as pure parsing (no store): the plain CSV of unit results (:func:`read_units_csv`,
columns in docs/live.md) and the Ministry's ``;`` text export in its wide layout
(:func:`ballottage.live.ministry_text.read_ministry_text`). The Ministry's XML tree is read by
:mod:`ballottage.live.ministry_xml`. Every error names the file, the line and the field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ballottage.data.reference import department_code, normalize_name, reference, region_code
from ballottage.errors import BallottageError, InvalidInput, UnreadableFile

LEVELS = ("commune", "canton", "department")
"""The units a feed may report, finest first."""

CSV_COLUMNS = (
    "region",
    "level",
    "code",
    "name",
    "inscrits",
    "votants",
    "blancs",
    "nuls",
    "exprimes",
    "head",
    "nuance",
    "votes",
)
"""The plain CSV of unit results: one row per unit and list (``blancs``, ``nuls``, ``name``
and ``nuance`` may be empty)."""


@dataclass(frozen=True)
class ListResult:
    """One list's votes in a unit, named by its head (``NOM Prénom``, as the Ministry writes it)."""

    head: str
    votes: int
    nuance: str | None = None


@dataclass(frozen=True)
class UnitResult:
    """One unit's figures as published: turnout and every list's votes."""

    level: str
    code: str
    name: str
    region: str
    inscrits: int
    votants: int
    blancs: int | None
    nuls: int | None
    exprimes: int
    lists: tuple[ListResult, ...]

    @property
    def area(self) -> str:
        """The store's id of the unit: ``department:59``, ``canton:01-01``, ``commune:59350``."""
        return f"{self.level}:{self.code}"

    def votes(self) -> dict[str, int]:
        """Votes by head of list."""
        return {lst.head: lst.votes for lst in self.lists}


@dataclass(frozen=True)
class Batch:
    """What one poll of a source brought: its address, its version tag, the units."""

    source: str
    """URL or file path the batch was read from."""
    tag: str
    """ETag, Last-Modified or content hash: the same tag is the same batch."""
    units: tuple[UnitResult, ...]
    published: str | None = None
    """The publisher's own time stamp (the Ministry's DateDerMaj HeureDerMaj), if any."""


class BadBatch(BallottageError):
    """A batch that cannot be imported: unreadable, or breaking an identity. It is refused
    whole, named by its source and tag; the night goes on."""

    def __init__(self, source: str, tag: str, cause: BallottageError) -> None:
        said = str(cause)
        shown = said if source in said else f"{source}: {said}"
        super().__init__(f"batch refused: {shown}", rule=cause.rule)
        self.file = source
        self.source = source
        self.tag = tag
        self.cause = cause
        self.field = cause.field


def parse_count(raw: str | None, *, file: str, field: str, line: int | None = None) -> int:
    """A non-negative whole number as the Ministry writes it (spaces as thousands separators).

    >>> parse_count("1 234", file="f.csv", field="Inscrits")
    1234
    """
    if raw is not None and raw.isdigit() and len(raw) <= 15:
        return int(raw)
    place = f"{field} (line {line})" if line is not None else field
    text = (raw or "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
    if not text.isdigit() or len(text) > 15:
        raise InvalidInput(place, raw, "must be a whole number of at least 0", file=file)
    return int(text)


def optional_count(raw: str | None, *, file: str, field: str, line: int) -> int | None:
    if raw is None or not raw.strip():
        return None
    return parse_count(raw, file=file, field=field, line=line)


def unit_code(level: str, raw: str, *, file: str, line: int | None = None) -> str:
    """INSEE code of a unit: departments ``59``/``2A``, cantons ``01-01``, communes ``59350``."""
    text = raw.strip().upper()
    place = f"code (line {line})" if line is not None else "code"
    try:
        if level == "department":
            return department_code(text)
        if level == "canton":
            dep, _, number = text.partition("-")
            if not number.isdigit():
                raise ValueError(text)
            return f"{department_code(dep)}-{int(number):02d}"
        if level == "commune" and len(text) == 5 and text.isalnum():
            return text
    except (ValueError, InvalidInput):
        pass
    raise InvalidInput(place, raw, f"is not the code of a {level}", file=file)


def department_region(department: str, *, file: str = "feed") -> str:
    """INSEE region of a department (INSEE code)."""
    for d in reference().departments:
        if d.code == department:
            return d.region
    raise InvalidInput("department", department, "is not a department of France", file=file)


def section_department(raw: str) -> str:
    """The department of a section directory of the Ministry's tree (three characters).

    >>> [section_department(x) for x in ("059", "001", "02A", "971", "59")]
    ['59', '01', '2A', '971', '59']
    """
    text = raw.strip().upper()
    if len(text) == 3 and text.startswith("0"):
        text = text[1:]
    return department_code(text)


@lru_cache(maxsize=65_536)
def head_key(head: str) -> str:
    """The key heads of list are matched by (case, accents and punctuation folded)."""
    return normalize_name(head)


def _sniff(header: str) -> str:
    return ";" if header.count(";") >= header.count(",") else ","


def read_units_csv(text: str, name: str) -> tuple[UnitResult, ...]:
    """Read the plain CSV of unit results (``;`` or ``,``, columns :data:`CSV_COLUMNS`).

    >>> rows = "region;level;code;name;inscrits;votants;blancs;nuls;exprimes;head;nuance;votes"
    >>> rows += "\\n32;department;59;Nord;100;60;2;1;57;LE PEN Marine;LFN;30"
    >>> rows += "\\n32;department;59;Nord;100;60;2;1;57;BERTRAND Xavier;LUD;27"
    >>> [u.votes() for u in read_units_csv(rows, "night.csv")]
    [{'LE PEN Marine': 30, 'BERTRAND Xavier': 27}]
    """
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        raise UnreadableFile(name, "is empty (expected the columns " + ",".join(CSV_COLUMNS) + ")")
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=_sniff(lines[0]))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise UnreadableFile(name, f"missing column(s) {', '.join(missing)}", rule="docs/live.md")
    units: dict[str, _Unit] = {}
    last: tuple[tuple[str | None, ...], _Unit] | None = None
    for line, row in enumerate(reader, start=2):
        raw = tuple(row[f] for f in _UNIT_FIELDS)
        if last is not None and last[0] == raw:
            unit = last[1]  # the unit's next row (rows of a unit usually follow each other)
        else:
            unit = _unit_of(row, raw, units, name, line)
            last = (raw, unit)
        head = (row["head"] or "").strip()
        if not head:
            raise InvalidInput(f"head (line {line})", None, "is empty", file=name)
        unit.add(
            ListResult(
                head,
                parse_count(row["votes"], file=name, field="votes", line=line),
                (row["nuance"] or "").strip() or None,
            ),
            name,
            line,
        )
    return tuple(u.result() for u in units.values())


_UNIT_FIELDS = ("level", "code", "region", "inscrits", "votants", "exprimes", "blancs", "nuls")


def _unit_of(
    row: Mapping[str, str],
    raw: tuple[str | None, ...],
    units: dict[str, _Unit],
    name: str,
    line: int,
) -> _Unit:
    """The unit a row belongs to: a new one, or one met before with the same turnout."""
    level = (row["level"] or "").strip().lower()
    if level not in LEVELS:
        raise InvalidInput(
            f"level (line {line})", row["level"], f"must be one of {', '.join(LEVELS)}", file=name
        )
    code = unit_code(level, row["code"] or "", file=name, line=line)
    unit = units.get(f"{level}:{code}")
    if unit is None:
        unit = units[f"{level}:{code}"] = _new_unit(row, level, code, name, line, raw)
    elif unit.raw != raw:
        raise InvalidInput(
            f"line {line}",
            f"{level} {code}",
            "turnout or region differs from the unit's earlier rows",
            file=name,
        )
    return unit


def _new_unit(
    row: Mapping[str, str],
    level: str,
    code: str,
    name: str,
    line: int,
    raw: tuple[str | None, ...],
) -> _Unit:
    turnout = tuple(
        parse_count(row[f], file=name, field=f, line=line)
        for f in ("inscrits", "votants", "exprimes")
    )
    spoilt = tuple(
        optional_count(row[f], file=name, field=f, line=line) for f in ("blancs", "nuls")
    )
    region = _region(row["region"] or "", name, line)
    unit = _Unit(level, code, (row["name"] or "").strip(), region, turnout, spoilt)
    unit.raw = raw
    return unit


def _region(raw: str, name: str, line: int) -> str:
    try:
        return region_code(raw)
    except InvalidInput:
        raise InvalidInput(
            f"region (line {line})", raw, "is not an INSEE region code", file=name
        ) from None


class _Unit:
    """A unit being read, its lists added row by row."""

    def __init__(
        self,
        level: str,
        code: str,
        name: str,
        region: str,
        turnout: tuple[int, ...],
        spoilt: tuple[int | None, ...],
    ) -> None:
        self.level, self.code, self.name, self.region = level, code, name, region
        self.turnout, self.spoilt = turnout, spoilt
        self.lists: dict[str, ListResult] = {}
        self.raw: tuple[str | None, ...] = ()

    def add(self, lst: ListResult, file: str, line: int) -> None:
        key = head_key(lst.head)
        if key in self.lists:
            raise InvalidInput(
                f"head (line {line})",
                lst.head,
                f"appears twice in {self.level} {self.code}",
                file=file,
            )
        self.lists[key] = lst

    def result(self) -> UnitResult:
        inscrits, votants, exprimes = self.turnout
        blancs, nuls = self.spoilt
        return UnitResult(
            self.level,
            self.code,
            self.name,
            self.region,
            inscrits,
            votants,
            blancs,
            nuls,
            exprimes,
            tuple(self.lists.values()),
        )

"""Small files in the Ministry of the Interior's wide layout, built in ``tmp_path``."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

HEADS = {
    1: ("LFN", "LE PEN Marine"),
    2: ("LUD", "BERTRAND Xavier"),
    3: ("LUG", "DE SAINTIGNON Pierre"),
}
AREA_HEADERS = {
    "region": ["Code de la région", "Libellé de la région"],
    "department": ["Code du département", "Libellé du département"],
    "canton": [
        "Code du département",
        "Libellé du département",
        "Code du canton",
        "Libellé du canton",
    ],
    "commune": [
        "Code du département",
        "Libellé du département",
        "Code de la commune",
        "Libellé de la commune",
    ],
}
BLOCK = [
    "N°Liste",
    "Nuance Liste",
    "Libellé Abrégé Liste",
    "Libellé Etendu Liste",
    "Nom Tête de Liste",
    "Voix",
    "% Voix/Ins",
    "% Voix/Exp",
]


@dataclass(frozen=True)
class Place:
    """One area row: codes as the Ministry writes them, list votes by list number."""

    codes: tuple[str, ...]
    inscrits: int
    blancs: int
    nuls: int
    votes: dict[int, int]
    seats: dict[int, int] = field(default_factory=dict)
    votants_delta: int = 0

    @property
    def exprimes(self) -> int:
        return sum(self.votes.values())

    @property
    def votants(self) -> int:
        return self.blancs + self.nuls + self.exprimes + self.votants_delta


REGION = [Place(("32", "Hauts-de-France"), 19000, 130, 70, {1: 4000, 2: 3300, 3: 1700})]
DEPARTMENTS = [
    Place(("2", "AISNE"), 4000, 30, 20, {1: 1000, 2: 800, 3: 200}),
    Place(("59", "NORD"), 15000, 100, 50, {1: 3000, 2: 2500, 3: 1500}),
]
CANTONS = [
    Place(("2", "AISNE", "1", "Canton A"), 2000, 10, 10, {1: 600, 2: 500, 3: 100}),
    Place(("2", "AISNE", "2", "Canton B"), 2000, 20, 10, {1: 400, 2: 300, 3: 100}),
    Place(("59", "NORD", "1", "Canton C"), 9000, 60, 30, {1: 2000, 2: 1500, 3: 1000}),
    Place(("59", "NORD", "2", "Canton D"), 6000, 40, 20, {1: 1000, 2: 1000, 3: 500}),
]


def wide_rows(
    level: str,
    places: Sequence[Place],
    *,
    numbered: bool = True,
    heads: dict[int, tuple[str, str]] | None = None,
    blocks: int | None = None,
) -> list[list[object]]:
    """Header and rows of a wide table; ``blocks`` pads with empty list blocks."""
    heads = heads or HEADS
    seats = any(p.seats for p in places)
    block = BLOCK + (["Sièges"] if seats else [])
    n = blocks or max(len(p.votes) for p in places)
    header: list[object] = [
        *AREA_HEADERS[level],
        "Inscrits",
        "Abstentions",
        "% Abs/Ins",
        "Votants",
        "% Vot/Ins",
        "Blancs",
        "% Blancs/Ins",
        "% Blancs/Vot",
        "Nuls",
        "% Nuls/Ins",
        "% Nuls/Vot",
        "Exprimés",
        "% Exp/Ins",
        "% Exp/Vot",
    ]
    for i in range(1, n + 1):
        header += [f"{h} {i}" if numbered else h for h in block]
    rows = [header]
    for p in places:
        row: list[object] = [
            *p.codes,
            p.inscrits,
            p.inscrits - p.votants,
            0.0,
            p.votants,
            0.0,
            p.blancs,
            0.0,
            0.0,
            p.nuls,
            0.0,
            0.0,
            p.exprimes,
            0.0,
            0.0,
        ]
        for number, votes in p.votes.items():
            nuance, head = heads[number]
            row += [number, nuance, head[:10].upper(), f"Liste {head}", head, votes, 1.5, 2.5]
            if seats:
                row.append(p.seats.get(number, 0))
        row += [""] * (len(header) - len(row))
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    """Write rows ``;``-separated, as the Ministry's text exports."""
    text = "\n".join(";".join(str(v) for v in row) for row in rows) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def _column(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        name = chr(65 + rem) + name
    return name


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A minimal workbook (inline strings), enough for python-calamine."""
    names = list(sheets)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                + "".join(
                    f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in range(1, len(names) + 1)
                )
                + "</Types>"
            ),
        )
        z.writestr(
            "_rels/.rels",
            (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
        )
        z.writestr(
            "xl/workbook.xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                "<sheets>"
                + "".join(
                    f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                    for i, n in enumerate(names, 1)
                )
                + "</sheets></workbook>"
            ),
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(
                    f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/worksheet" '
                    f'Target="worksheets/sheet{i}.xml"/>'
                    for i in range(1, len(names) + 1)
                )
                + "</Relationships>"
            ),
        )
        for i, name in enumerate(names, 1):
            cells = []
            for r, row in enumerate(sheets[name], 1):
                xml = []
                for c, value in enumerate(row):
                    ref = f"{_column(c)}{r}"
                    if value == "":
                        continue
                    if isinstance(value, int | float):
                        xml.append(f'<c r="{ref}"><v>{value}</v></c>')
                    else:
                        xml.append(
                            f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'
                        )
                cells.append(f'<row r="{r}">{"".join(xml)}</row>')
            z.writestr(
                f"xl/worksheets/sheet{i}.xml",
                (
                    '<?xml version="1.0" encoding="UTF-8"?>'
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    f"<sheetData>{''.join(cells)}</sheetData></worksheet>"
                ),
            )
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """A round-1 workbook like the Ministry's: repeated block headers, a title sheet,
    and title rows above the header of one sheet."""
    title: list[list[object]] = [["Résultats", ""], ["", ""], ["France entière"]]
    above: list[list[object]] = [["Résultats par cantons"], [""]]
    return write_xlsx(
        tmp_path / "t1.xlsx",
        {
            "FE Metro OM": title,
            "Régions": wide_rows("region", REGION, numbered=False, blocks=4),
            "Départements T1": wide_rows("department", DEPARTMENTS, numbered=False),
            "Cantons": above + wide_rows("canton", CANTONS, numbered=False),
        },
    )


def corrupt(places: Sequence[Place], index: int, **changes: object) -> list[Place]:
    """A copy of ``places`` with one area changed."""
    out = list(places)
    out[index] = replace(out[index], **changes)  # type: ignore[arg-type]
    return out

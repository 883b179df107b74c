"""Broken Ministry and compiled files, built in the tests from the real ones in ``shared/data``.

Each builder writes one damaged copy: a file cut in the middle of a row or at a row boundary,
a header alone, a region code that is no region, a workbook cut short, empty or not a zip, a
zip bomb, another encoding.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
WORKBOOK = "regionales_2015/minint_t1_workbook/reg2015_T1_minint.xlsx"
T2_LISTS = "regionales_2015/t2_seats_secondary/t2_region_lists_seats_2015.csv"
T2_TOTALS = "regionales_2015/t2_seats_secondary/t2_region_totals_2015.csv"
COUNCILS = "regionales_2015/council_sizes_2015.csv"
SECTIONS = "regionales_2015/t2_seats_secondary/section_seats_partial_2015.csv"
CORSICA = "corse/corse_t2_votes.csv"
DEPARTMENTS_2021 = "regionales_2021/t1_departements_lists_2021.csv"
REGIONS_SHEET = "xl/worksheets/sheet2.xml"
"""The ``Régions`` sheet of the workbook."""


def data_copy(target: Path) -> Path:
    """The 2015 and Corsican source files (the import of 2015 reads them) copied to
    ``target``."""
    for rel in (WORKBOOK, T2_LISTS, T2_TOTALS, COUNCILS, SECTIONS, CORSICA):
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED / rel, dest)
    return target


def cut_in_bfc(path: Path) -> None:
    """Cut the round-2 lists in the middle of Dufay's votes (Bourgogne-Franche-Comté):
    ``402`` of her 402 948 is all that is left."""
    text = path.read_text(encoding="utf-8")
    start = text.index("27;Bourgogne-Franche-Comté;LUG;Union de la Gauche;DUFAY Marie-Guite;402")
    end = start + len("27;Bourgogne-Franche-Comté;LUG;Union de la Gauche;DUFAY Marie-Guite;402")
    path.write_text(text[:end], encoding="utf-8")


def cut_at_row(path: Path, rows: int) -> None:
    """Keep the header and the first ``rows`` rows, each with its line end."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: rows + 1]), encoding="utf-8")


def header_only(path: Path) -> None:
    """Keep the header line alone."""
    cut_at_row(path, 0)


def rewrite_part(path: Path, part: str, change: Callable[[bytes], bytes]) -> None:
    """Rewrite one XML part of a workbook."""
    source = path.with_suffix(".orig.xlsx")
    shutil.move(path, source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, change(data) if info.filename == part else data)
    source.unlink()


def region_99(path: Path) -> None:
    """Nouvelle-Aquitaine's code 75 becomes 99 in the workbook's region sheet."""
    rewrite_part(
        path, REGIONS_SHEET, lambda d: d.replace(b'<c r="B3"><v>75</v>', b'<c r="B3"><v>99</v>')
    )


def huge_count(path: Path) -> None:
    """10^30 votants in the workbook's first region row."""
    rewrite_part(path, REGIONS_SHEET, _huge_in_row_2)


def _huge_in_row_2(data: bytes) -> bytes:
    start = data.index(b'<c r="G2"')
    end = data.index(b"</c>", start) + 4
    return data[:start] + b'<c r="G2"><v>1000000000000000000000000000000</v></c>' + data[end:]


def truncated(path: Path) -> None:
    """Half of the workbook's bytes."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def emptied(path: Path) -> None:
    """No byte at all."""
    path.write_bytes(b"")


def not_a_zip(path: Path) -> None:
    """Text where a workbook should be."""
    path.write_text("Code de la région;Inscrits\n75;100\n", encoding="utf-8")


def zip_bomb(path: Path, megabytes: int = 1100) -> None:
    """The region sheet replaced by ``megabytes`` MB of XML that compresses ~300:1."""
    row = b"<row><c><v>1</v></c></row>" * 40000
    with zipfile.ZipFile(path) as old:
        parts = [(i, old.read(i)) for i in old.infolist() if i.filename != REGIONS_SHEET]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for info, data in parts:
            new.writestr(info, data)
        with new.open(REGIONS_SHEET, "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            for _ in range(megabytes * 1_000_000 // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")


def latin_mess(path: Path) -> None:
    """Bytes that are neither UTF-8 nor Windows-1252 (0x81 is undefined in both)."""
    data = path.read_bytes()
    path.write_bytes(data[:200] + b"\x81" + data[200:])

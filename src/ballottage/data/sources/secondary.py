"""Readers for the hand-compiled (secondary) files of ``shared/data``.

Round 2 of 2015 has no official Ministry file here: its votes, turnout and seats were typed in
from results pages citing the Ministry (see ``regionales_2015/SOURCE.md``). Empty cells stay
missing; nothing is filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ballottage.data.reference import department_code, reference
from ballottage.data.sources.checks import check_across_files
from ballottage.data.sources.minint import AREA_COLUMNS, COUNTS
from ballottage.data.sources.tables import (
    first,
    read_table,
    refuse_cut,
    region_codes,
    whole_numbers,
)
from ballottage.errors import InconsistentData, InvalidInput


@dataclass(frozen=True, eq=False)
class SecondaryRound:
    """Region-level votes of one round with per-row sources and alternative figures.

    ``areas`` and ``lists`` have the shapes of :class:`~ballottage.data.sources.minint.ResultsTable`
    (plus ``source`` columns); ``alternatives`` has ``region``, ``head``, ``votes``, ``source``.
    """

    areas: pd.DataFrame
    lists: pd.DataFrame
    alternatives: pd.DataFrame


def _csv(path: Path, required: set[str], *, keep_cut_last: bool = False) -> pd.DataFrame:
    if not path.is_file():
        raise InvalidInput("file", str(path), "does not exist")
    frame = read_table(path, keep_cut_last=keep_cut_last)
    missing = required - set(frame.columns)
    if missing:
        raise InvalidInput(path.name, "header", f"lacks columns {sorted(missing)}")
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    return frame


def _region_areas(regions: pd.Series) -> pd.DataFrame:
    names = {r.region.code: r.region.name for r in reference().regions}
    return pd.DataFrame(
        {
            "area": "region:" + regions,
            "level": "region",
            "code": regions,
            "name": regions.map(names),
            "parent": None,
            "region": regions,
        }
    )


def _once_per_region(raw: pd.DataFrame, regions: pd.Series, source: str) -> None:
    """A head of list appears once per region (a repeated row would count twice)."""
    heads = raw["tete_de_liste"].str.upper()
    twice = pd.DataFrame({"region": regions, "head": heads}).duplicated()
    if twice.any():
        i = first(twice)
        raise InconsistentData(
            f"{source}: line {i + 2}",
            f"{raw['tete_de_liste'].iloc[i]} appears twice in region {regions.iloc[i]}",
            rule="one row per list",
        )
    if raw["tete_de_liste"].eq("").any():
        i = first(raw["tete_de_liste"].eq(""))
        raise InvalidInput(f"{source}: line {i + 2}: tete_de_liste", "", "a list needs a head")


_ROUND2_LISTS = {
    "code_region",
    "nuance_t1",
    "tendance_t2",
    "tete_de_liste",
    "voix_t2",
    "sieges",
    "voix_t2_alt",
    "alt_source",
    "source_url",
}
_ROUND2_TOTALS = {
    "code_region",
    "inscrits_t2",
    "votants_t2",
    "blancs_t2",
    "nuls_t2",
    "exprimes_t2",
    "source",
}


def _round2_totals(totals: pd.DataFrame, name: str) -> pd.DataFrame:
    """One area per row of the totals file, its counts (missing cells stay missing)."""
    areas = _region_areas(region_codes(totals["code_region"], name, "code_region"))
    for count in COUNTS:
        column = totals.get(f"{count}_t2")
        areas[count] = (
            whole_numbers(column, count, name)
            if column is not None
            else pd.array([None] * len(totals), dtype="Int64")
        )
    areas["source"] = totals["source"]
    return areas


def _round2_lists(raw: pd.DataFrame, name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The lists file's votes and seats, and the other sources' figures (alternatives)."""
    regions = region_codes(raw["code_region"], name, "code_region")
    _once_per_region(raw, regions, name)
    lists = pd.DataFrame(
        {
            "area": "region:" + regions,
            "region": regions,
            "number": raw.groupby("code_region").cumcount() + 1,
            "nuance": raw["nuance_t1"].where(raw["nuance_t1"] != "", None),
            "label_short": None,
            "label": raw["tendance_t2"].where(raw["tendance_t2"] != "", None),
            "head": raw["tete_de_liste"],
            "votes": whole_numbers(raw["voix_t2"], "voix_t2", name),
            "seats": whole_numbers(raw["sieges"], "sieges", name),
            "source": raw["source_url"],
        }
    )
    alt = whole_numbers(raw["voix_t2_alt"], "voix_t2_alt", name)
    has_alt = alt.notna()
    alternatives = pd.DataFrame(
        {
            "region": regions[has_alt],
            "head": raw["tete_de_liste"][has_alt],
            "votes": alt[has_alt],
            "source": raw["alt_source"][has_alt],
        }
    )
    return lists, alternatives


def read_round2_regions(lists_path: str | Path, totals_path: str | Path) -> SecondaryRound:
    """Read ``t2_region_lists_seats_2015.csv`` and ``t2_region_totals_2015.csv``."""
    lists_path, totals_path = Path(lists_path), Path(totals_path)
    raw = _csv(lists_path, _ROUND2_LISTS, keep_cut_last=True)
    totals = _csv(totals_path, _ROUND2_TOTALS, keep_cut_last=True)
    areas = _round2_totals(totals, totals_path.name)
    lists, alternatives = _round2_lists(raw, lists_path.name)
    cut = {
        f"{p.name} line {f.attrs['cut_line']}"
        for p, f in ((lists_path, raw), (totals_path, totals))
        if "cut_line" in f.attrs
    }
    check_across_files(
        areas, lists, lists_path.name, totals_path.name, 2, note=", ".join(sorted(cut))
    )
    refuse_cut(raw, lists_path.name)
    refuse_cut(totals, totals_path.name)
    extra = sorted(set(lists["area"]) - set(areas["area"]))
    if extra:
        more = _region_areas(pd.Series([a.split(":")[1] for a in extra], dtype=object))
        for count in COUNTS:
            more[count] = pd.array([None] * len(more), dtype="Int64")
        more["source"] = ""
        areas = pd.concat([areas, more], ignore_index=True)
    return SecondaryRound(areas[[*AREA_COLUMNS, "source"]], lists, alternatives)


def read_corsica_round2(path: str | Path, year: int) -> SecondaryRound:
    """Read the Corsican round-2 votes of one year from ``corse_t2_votes.csv``."""
    path = Path(path)
    raw = _csv(path, {"year", "code_region", "tete_de_liste", "nuance", "voix_t2", "source_url"})
    raw = raw[raw["year"] == str(year)].reset_index(drop=True)
    if raw.empty:
        raise InvalidInput(path.name, year, "has no row for this year")
    regions = region_codes(raw["code_region"], path.name, "code_region")
    _once_per_region(raw, regions, path.name)
    lists = pd.DataFrame(
        {
            "area": "region:" + regions,
            "region": regions,
            "number": raw.groupby("code_region").cumcount() + 1,
            "nuance": raw["nuance"].where(raw["nuance"] != "", None),
            "label_short": None,
            "label": None,
            "head": raw["tete_de_liste"],
            "votes": whole_numbers(raw["voix_t2"], "voix_t2", path.name),
            "seats": None,
            "source": raw["source_url"],
        }
    )
    areas = _region_areas(pd.Series(sorted(set(regions))))
    for count in COUNTS:
        areas[count] = pd.array([None] * len(areas), dtype="Int64")
    areas["source"] = ""
    empty = pd.DataFrame({"region": [], "head": [], "votes": [], "source": []})
    return SecondaryRound(areas[[*AREA_COLUMNS, "source"]], lists, empty)


def read_section_seats(path: str | Path) -> pd.DataFrame:
    """Read ``section_seats_partial_2015.csv``: ``region``, ``section``, ``head`` (``None``
    for a section total), ``nuance``, ``seats``, ``source``, ``note``.

    ``same`` in ``source_url`` repeats the previous row's address.
    """
    path = Path(path)
    raw = _csv(
        path, {"code_region", "section", "list_tete", "nuance_t1", "sieges", "source_url", "note"}
    )
    source = raw["source_url"].where(raw["source_url"] != "same", None).ffill()
    section = raw["section"].str.split().str[0]
    split_codes = {s.section for s in reference().splits}
    section = section.map(lambda c: c if c in split_codes else department_code(c))
    head = raw["list_tete"]
    frame = pd.DataFrame(
        {
            "region": region_codes(raw["code_region"], path.name, "code_region"),
            "section": section,
            "head": head.where(head.str.upper() != "ALL", None),
            "nuance": raw["nuance_t1"].where(raw["nuance_t1"] != "", None),
            "seats": whole_numbers(raw["sieges"], "sieges", path.name),
            "source": source,
            "note": raw["note"].where(raw["note"] != "", None),
        }
    )
    for col in ("head", "nuance", "note"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def read_council_sizes(path: str | Path) -> pd.DataFrame:
    """Read ``council_sizes_2015.csv``: ``region``, ``seats``, ``sections``."""
    path = Path(path)
    raw = _csv(path, {"code_region", "conseil_sieges", "n_sections"})
    return pd.DataFrame(
        {
            "region": region_codes(raw["code_region"], path.name, "code_region"),
            "seats": whole_numbers(raw["conseil_sieges"], "conseil_sieges", path.name),
            "sections": whole_numbers(raw["n_sections"], "n_sections", path.name),
        }
    )

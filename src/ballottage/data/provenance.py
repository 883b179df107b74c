"""Write ``bundled/PROVENANCE.md``: which source file became which bundled file, and caveats."""

from __future__ import annotations

from typing import Any

from ballottage.data.store import Store

CAVEATS = """\
## Caveats (from `shared/data/*/SOURCE.md`)

* **Round 1** comes from the Ministry of the Interior's workbook "Résultats Tour 1"
  (data.gouv.fr; a byte copy kept in the GitHub repository pollsposition/data, commit 1051bd9),
  exported on 21 January 2016. It is the primary source. Every identity was checked on import:
  votants = blancs + nuls + exprimés, inscrits = abstentions + votants, the list votes add up to
  exprimés, and cantons, constituencies and departments add up exactly to their department or
  region (turnout and every list).
* **Round 2 is secondary.** No official Ministry round-2 file was available. Round-2 votes,
  turnout and seats per region were typed in by hand from results pages citing the Ministry
  (linternaute, journaldunet, fr.wikipedia copies, fr.wikinews; a blog for Nouvelle-Aquitaine).
  Each figure keeps its source address in the `notes` and `published_seats` tables. Turnout
  cells the sources do not give are NULL, never estimated. Where two sources disagree (up to
  about 70 votes, e.g. Auvergne-Rhône-Alpes and PACA) the second figure is in
  `alternative_votes`. In Centre-Val de Loire (169 votes) and Grand Est (20 votes) the list votes
  do not add up to the exprimés the sources give: kept, and recorded as discrepancies in `notes`.
* The published seats add up to the council sizes (1 671 for the 12 mainland regions), and a
  quarter bonus rounded up plus D'Hondt at 5 % reproduces them (SOURCE.md, spec/RULES.md).
* **Rhône.** Department-level files have the Rhône as one department (69), but the
  Auvergne-Rhône-Alpes lists had 13 sections, with 69D (Rhône outside the Métropole) and 69M
  (Métropole de Lyon). Section figures for ARA therefore cannot come from department data. The
  canton sheet has the Métropole as a fictitious canton 99 (cantons 1 to 13 are the rest of the
  Rhône), and the store builds sections 69D and 69M from it.
* Corsica's round 2 (Assemblée de Corse, rule set `corse-2015`, 51 seats) is secondary too
  (`corse/corse_t2_votes.csv`), without turnout and without seats.
* Seats per section are published only partially (`section_seats_partial_2015.csv`: the 13
  section totals of ARA and three per-list splits).
* Department populations are not bundled: no honest source was at hand (the L338-1 minimum per
  section depends on them).
"""


def provenance_text(manifest: dict[str, Any], store: Store) -> str:
    """The Markdown text of ``PROVENANCE.md`` for a freshly built bundle."""
    lines = [
        "# Bundled data: provenance",
        "",
        f"Built on {manifest['built']} by `python -m ballottage.data.bundle` from the files of "
        "`shared/data` listed below, imported with `ballottage.data.Store` (identity checks "
        f"on), then written table by table with DuckDB's `COPY ... (FORMAT parquet)`. Store "
        f"schema version {manifest['schema']}. `Store.load_bundled()` reads them back.",
        "",
        "## Source files",
        "",
        "| source (relative to `shared/data`) | SHA-256 | imported as |",
        "|---|---|---|",
    ]
    imports = store.con.execute(
        "SELECT source, kind, round, level, areas, rows FROM imports ORDER BY id"
    ).fetchall()
    for rel, sha in manifest["sources"].items():
        name = rel.rsplit("/", 1)[-1]
        used = [
            f"{kind}, round {rnd if rnd is not None else '-'}, {level}: {areas} areas, {rows} rows"
            for source, kind, rnd, level, areas, rows in imports
            if name in source
        ]
        lines.append(f"| `{rel}` | `{sha}` | {'; '.join(used)} |")
    lines += [
        "",
        "## Bundled files",
        "",
        "| file | store table | rows | SHA-256 |",
        "|---|---|---|---|",
    ]
    for name, info in manifest["files"].items():
        lines.append(f"| `{name}` | `{info['table']}` | {info['rows']} | `{info['sha256']}` |")
    lines += [
        "",
        "`store-areas.parquet` holds only the areas the files add (cantons, constituencies);",
        "regions, departments and sections come from `ballottage/reference/`. Every result row",
        "keeps the id of its import, so each figure can be traced back to its file (`imports`).",
        "",
        CAVEATS,
    ]
    return "\n".join(lines)

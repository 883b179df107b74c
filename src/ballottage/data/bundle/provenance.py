"""Write ``bundled/PROVENANCE.md``: which source file became which bundled file, and caveats."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ballottage.data.model import ImportReport
from ballottage.data.store import Store

CAVEATS = """\
## Caveats (from `shared/data/*/SOURCE.md`)

### 2015 (`regionales-2015`)

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

### 2021 (`regionales-2021`)

* **Round 1 by department** comes from the Ministry's round-1 workbook as reworked by the GitHub
  repository MerlinHeidemanns/election_forecast_france (commit 643a44d): lists with their 2021
  nuances, and turnout per department. Labels lost some accents; departments are matched to
  `reference/departments.csv` by code (lists) and by name (totals). The repository's `Bloc`
  column is not used (families come from `reference/nuances.csv`). Every identity was checked
  (votants = blancs + nuls + exprimés, inscrits = abstentions + votants, list votes add up to
  exprimés).
* **Region level, rounds 1 and 2** come from `regionales.json` of the GitHub repository
  pollsposition/data (commit 1051bd9), which cites the Ministry's results pages. It has no
  blancs, nuls, nuances or seats (left missing), and names heads of list "Prénom Nom", sometimes
  misspelt (`Marc Fesnau`, `Gauillaume Garot`): each head was matched to one round-1 list of the
  department file (same words in any order, accents aside, else the one clearly closest name).
  Round-1 region totals equal the department sums, list by list.
* **Wrong round-1 `votants`.** For Hauts-de-France, Nouvelle-Aquitaine, Provence-Alpes-Côte
  d'Azur, La Réunion and Martinique the JSON's round-1 `votants` are the abstentions. They were
  not stored: the region's votants are the sum of its departments' (see "Figures not stored as
  given" below and the `notes` table).
* **Published 2021 seats are compiled by hand** in `ballottage/reference/round2_seats_2021.csv`
  (shipped with the package): one row per round-2 list, each with the address of the results
  page that gives its seats (fr.wikipedia and copies, France Bleu, la1ère, local newspapers).
  They cover the 12 mainland regions, Corsica, Martinique, Guadeloupe and La Réunion (Nouvelle-
  Aquitaine from a translated copy of the fr.wikipedia page); each region adds up to its council.
  `verify 2021` compares them with the seats the law computes (`regionales-2015` rules and sizes;
  `corse-2017`, 63 seats, for Corsica; `martinique-2015` for Martinique). Guyane has no rule set:
  its figures are stored, no seats are computed.
* **Heads of list, 2021.** The department file broke accented letters (`PeCRESSE Valerie`,
  `MORANcAIS Christelle`). `ballottage/reference/heads.csv` repairs every head: a small letter
  inside a capital word is the accented capital, small letters take the accents of the
  Ministry's results page as copied by pollsposition; a person heading lists in 2015 and 2021
  has one spelling in both (`PÉCRESSE Valérie`).
* **What became of the lists absent from round 2** (2015, 2021, Corsica) is not in any file
  above: `ballottage/reference/round2_lineups.csv` (shipped with the package, read at run time,
  not bundled here) says which list merged into which round-2 list, withdrew, or merged into
  none, each row with the address of the page it comes from. A list it does not cover is
  "not on the round-2 ballot (withdrew or merged; unknown)". The lists that stood are those of
  the round-2 figures.
* Corsica's round 2 is in both the JSON and `corse/corse_t2_votes.csv` (secondary, compiled by
  hand from pages citing the Ministry): the two agree list by list, and the JSON's turnout is
  kept.
"""


def _source_rows(manifest: dict[str, Any], store: Store) -> list[str]:
    """One table row per source file: its SHA-256 and what it was imported as."""
    imports = store.con.execute(
        "SELECT source, election, kind, round, level, areas, rows FROM imports ORDER BY id"
    ).fetchall()
    rows_ = []
    for rel, sha in manifest["sources"].items():
        name = rel.rsplit("/", 1)[-1]
        used = [
            f"{election} {kind}, round {rnd if rnd is not None else '-'}, {level}: {areas} "
            f"areas, {rows} rows"
            for source, election, kind, rnd, level, areas, rows in imports
            if name in source
        ]
        rows_.append(f"| `{rel}` | `{sha}` | {'; '.join(used)} |")
    return rows_


def provenance_text(
    manifest: dict[str, Any], store: Store, reports: Sequence[ImportReport] = ()
) -> str:
    """The Markdown text of ``PROVENANCE.md`` for a freshly built bundle."""
    lines = [
        "# Bundled data: provenance",
        "",
        f"Built on {manifest['built']} by `python -m ballottage.data.bundle` from the files of "
        "`shared/data` listed below, imported with `ballottage.data.imports` (identity checks "
        f"on), then written table by table with DuckDB's `COPY ... (FORMAT parquet)`. Store "
        f"schema version {manifest['schema']}. `Store.load_bundled()` reads them back. "
        f"Elections: {', '.join(manifest.get('elections', []))}.",
        "",
        "## Source files",
        "",
        "| source (relative to `shared/data`) | SHA-256 | imported as |",
        "|---|---|---|",
    ]
    lines += _source_rows(manifest, store)
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
    ]
    warnings = [w for r in reports for w in r.warnings]
    if warnings:
        lines += ["## Figures not stored as given", ""]
        lines += [f"* {w}" for w in warnings]
        lines.append("")
    lines.append(CAVEATS)
    return "\n".join(lines)

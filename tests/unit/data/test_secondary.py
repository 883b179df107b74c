"""Hand-compiled round-2 figures, section seats and council sizes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ballottage.data import Store
from ballottage.data.imports import (
    import_council_sizes,
    import_minint,
    import_round2_regions,
    import_section_seats,
)
from ballottage.errors import InconsistentData, MissingData

E = "regionales-2015"
LISTS_HEADER = (
    "code_region;region;nuance_t1;tendance_t2;tete_de_liste;voix_t2;pct_exp_t2;"
    "sieges;voix_t2_alt;alt_source;source_url"
)
TOTALS_HEADER = (
    "code_region;region;conseil_sieges;inscrits_t2;votants_t2;blancs_t2;nuls_t2;exprimes_t2;source"
)


@pytest.fixture
def store(workbook: Path) -> Iterator[Store]:
    with Store(":memory:") as s:
        import_minint(s, workbook, election=E, round=1)
        yield s


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def t2_files(
    tmp_path: Path, *, seats: tuple[int, int] = (116, 54), exprimes: str = "9900"
) -> tuple[Path, Path]:
    lists = write(
        tmp_path / "lists.csv",
        LISTS_HEADER,
        f"32;Hauts-de-France;LUD;;BERTRAND Xavier;5700;57.6;{seats[0]};5710;wiki;http://a",
        f"32;Hauts-de-France;LFN;;LÉ PEN  Marine;4200;42.4;{seats[1]};;;http://b",
    )
    totals = write(
        tmp_path / "totals.csv",
        TOTALS_HEADER,
        f"32;Hauts-de-France;170;;10200;200;100;{exprimes};page x",
    )
    return lists, totals


def test_round_two_keeps_missing_turnout_missing(store: Store, tmp_path: Path) -> None:
    report = import_round2_regions(store, *t2_files(tmp_path), election=E)
    assert (report.round, report.rows, report.skipped) == (2, 2, False)
    rr = store.round_results(E, "HDF", 2)
    assert rr.turnout.inscrits is None
    assert (rr.turnout.votants, rr.turnout.exprimes) == (10200, 9900)
    assert rr.votes_by_head() == {"BERTRAND Xavier": 5700, "LE PEN Marine": 4200}
    assert "secondary source" in rr.notes[0]
    assert "votes: http://a" in rr.sources and "turnout: page x" in rr.sources
    seats = store.published_seats(E, "HDF")
    assert [(s.list.number if s.list else 0, s.seats, s.source) for s in seats] == [
        (2, 116, "http://a"),
        (1, 54, "http://b"),
    ]
    alt = store.con.execute("SELECT number, votes, source FROM alternative_votes").fetchall()
    assert alt == [(2, 5710, "wiki")]


def test_a_hand_compiled_sum_breach_is_recorded_not_refused(store: Store, tmp_path: Path) -> None:
    lists, totals = t2_files(tmp_path, exprimes="9880")
    write(totals, TOTALS_HEADER, "32;Hauts-de-France;170;;10180;200;100;9880;page x")
    import_round2_regions(store, lists, totals, election=E)
    rr = store.round_results(E, "HDF", 2)
    assert rr.total_votes == 9900 and rr.turnout.exprimes == 9880
    assert any("list votes add up to 9 900, not exprimés 9 880" in n for n in rr.notes)


def test_other_identities_still_hold_for_hand_compiled_figures(
    store: Store, tmp_path: Path
) -> None:
    lists, totals = t2_files(tmp_path)
    write(totals, TOTALS_HEADER, "32;Hauts-de-France;170;;10201;200;100;9900;page x")
    before = store.counts()
    with pytest.raises(InconsistentData, match="votants 10 201 ≠ blancs 200"):
        import_round2_regions(store, lists, totals, election=E)
    assert store.counts() == before


def test_seats_must_fill_the_council(store: Store, tmp_path: Path) -> None:
    before = store.counts()
    with pytest.raises(InconsistentData, match="add up to 171, the council has 170"):
        import_round2_regions(store, *t2_files(tmp_path, seats=(117, 54)), election=E)
    assert store.counts() == before


def test_an_unknown_head_is_refused(store: Store, tmp_path: Path) -> None:
    lists, totals = t2_files(tmp_path)
    text = lists.read_text(encoding="utf-8").replace("BERTRAND Xavier", "NOBODY Here")
    lists.write_text(text, encoding="utf-8")
    with pytest.raises(InconsistentData, match="NOBODY Here heads no list"):
        import_round2_regions(store, lists, totals, election=E)


def test_round_one_must_come_first(tmp_path: Path) -> None:
    with Store(":memory:") as empty, pytest.raises(MissingData, match="import round 1 first"):
        import_round2_regions(empty, *t2_files(tmp_path), election=E)


def test_reimport_is_a_no_op(store: Store, tmp_path: Path) -> None:
    files = t2_files(tmp_path)
    import_round2_regions(store, *files, election=E)
    before = store.counts()
    assert import_round2_regions(store, *files, election=E).skipped
    assert store.counts() == before


def test_section_seats(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "sections.csv",
        "code_region;region;section;list_tete;nuance_t1;sieges;source_url;note",
        "32;HDF;59 Nord;ALL;;60;http://s;total",
        "32;HDF;59 Nord;BERTRAND Xavier;LUD;40;same;",
    )
    import_section_seats(store, path, election=E)
    seats = store.published_section_seats(E, "HDF")
    assert [(s.area.id, s.list.head if s.list else None, s.seats, s.source) for s in seats] == [
        ("section:59", None, 60, "http://s"),
        ("section:59", "BERTRAND Xavier", 40, "http://s"),
    ]


def test_section_totals_must_fill_the_council(store: Store, tmp_path: Path) -> None:
    rows = [f"32;HDF;{d} X;ALL;;30;http://s;" for d in ("02", "59", "60", "62", "80")]
    path = write(
        tmp_path / "sections.csv",
        "code_region;region;section;list_tete;nuance_t1;sieges;source_url;note",
        *rows,
    )
    with pytest.raises(InconsistentData, match="section totals add up to 150, the council has 170"):
        import_section_seats(store, path, election=E)


def test_a_section_of_another_region_is_refused(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "sections.csv",
        "code_region;region;section;list_tete;nuance_t1;sieges;source_url;note",
        "32;HDF;69M Lyon;ALL;;30;http://s;",
    )
    with pytest.raises(InconsistentData, match="section 69M.*not a section of region 32"):
        import_section_seats(store, path, election=E)


def test_council_sizes_are_checked_against_the_law(store: Store, tmp_path: Path) -> None:
    header = (
        "code_region;region;conseil_sieges;t2_seat_sum;n_sections;rne_count_2019_04_10;"
        "prime_majoritaire_ceil_quarter"
    )
    good = write(tmp_path / "sizes.csv", header, "32;HDF;170;170;5;170;43")
    import_council_sizes(store, good, election=E)
    assert "sizes.csv" in store.council(E, "HDF").source
    bad = write(tmp_path / "bad.csv", header, "84;ARA;204;204;12;204;51")
    with pytest.raises(InconsistentData, match="12 sections in bad.csv, 13 in the reference"):
        import_council_sizes(store, bad, election=E)

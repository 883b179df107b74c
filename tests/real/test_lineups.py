"""The mergers table (reference/round2_lineups.csv) against the stored elections and the law."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ballottage.data import Store
from ballottage.elections.outcomes import qualification
from ballottage.lineups import UNKNOWN_TEXT, fate, table_rows


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with Store(":memory:") as s:
        s.load_bundled()
        yield s


def test_every_row_names_stored_lists_and_agrees_with_the_law(store: Store) -> None:
    assert len(table_rows()) >= 38
    for election, region, f in table_rows():
        assert f.source and f.source.startswith(("http://", "https://")), f
        assert f.evidence, f
        q = qualification(store, election, region)
        present = {lv.list.head for lv in store.round_results(election, region, 2).lists}
        assert f.head in q.eligibility.votes and f.head not in present, f
        status = q.eligibility.status(f.head)
        if f.status == "merged":
            assert f.into in present and status in ("stand", "merge"), f
        elif f.status == "withdrew":
            assert status == "stand", f  # only a list that could stand can withdraw
        else:
            assert f.status == "no merger" and status == "merge", f


def test_the_twelve_cases_of_the_issue(store: Store) -> None:
    merged = {
        ("regionales-2015", "76", "ONESTA Gérard"): "DELGA Carole",
        ("regionales-2015", "94", "TALAMONI Jean-Guy"): "SIMEONI Gilles",
        ("regionales-2015", "94", "DE ROCCA SERRA Camille"): "ROSSI José",
        ("regionales-2021", "11", "PULVAR Audrey"): "BAYOU Julien",
        ("regionales-2021", "11", "AUTAIN Clémentine"): "BAYOU Julien",
        ("regionales-2021", "24", "FOURNIER Charles"): "BONNEAU François",
        ("regionales-2021", "27", "MODDE Stéphanie"): "DUFAY Marie-Guite",
        ("regionales-2021", "52", "GAROT Guillaume"): "ORPHELIN Matthieu",
        ("regionales-2021", "84", "VALLAUD-BELKACEM Najat"): "GREBERT Fabienne",
        ("regionales-2021", "04", "BAREIGTS Ericka"): "BELLO Huguette",
    }
    for (election, region, head), host in merged.items():
        f = fate(election, region, head)
        assert (f.status, f.into) == ("merged", host)
    for election, region, head in (
        ("regionales-2015", "32", "DE SAINTIGNON Pierre"),
        ("regionales-2015", "93", "CASTANER Christophe"),
        ("regionales-2021", "93", "FELIZIA Jean-Laurent"),
    ):
        assert fate(election, region, head).status == "withdrew"


def test_a_list_the_table_does_not_cover_is_unknown() -> None:
    f = fate("regionales-2015", "32", "ROUSSEL Fabien")
    assert f.status == "unknown" and f.source is None and f.text() == UNKNOWN_TEXT

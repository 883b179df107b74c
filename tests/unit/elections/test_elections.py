"""The application layer: stored figures through the law, as typed values (elections/)."""

from __future__ import annotations

from typing import cast

import pytest

from ballottage.data import Store
from ballottage.data.model import Election
from ballottage.elections.council import SINGLE, CouncilCheck
from ballottage.elections.names import find_elections, resolve_election
from ballottage.elections.outcomes import region_seats
from ballottage.elections.overview import ElectionOverview, election_overviews
from ballottage.elections.round2 import actual_round2, no_round2, region_round2
from ballottage.elections.transfers import TransfersMissing
from ballottage.errors import UnknownName
from ballottage.law import Outcome, Status
from ballottage.scenarios.store import round1_figures

E = "regionales-2015"


@pytest.fixture(scope="module")
def overview(bundled_store: Store) -> ElectionOverview:
    (found,) = election_overviews(bundled_store, "2015")
    return found


def test_one_resolver_for_ids_years_and_all(bundled_store: Store) -> None:
    assert [e.id for e in find_elections(bundled_store, "all")] == [E, "regionales-2021"]
    assert [e.id for e in find_elections(bundled_store, " 2021 ")] == ["regionales-2021"]
    assert resolve_election(bundled_store, "Regionales-2015").id == E
    assert resolve_election(bundled_store, 2015).id == E
    with pytest.raises(UnknownName) as caught:
        resolve_election(bundled_store, "all")  # one election is asked for, not every one
    assert caught.value.kind == "election" and "all" not in caught.value.known
    with pytest.raises(UnknownName):
        find_elections(bundled_store, "1999")


def test_a_year_of_two_elections_names_none_of_them() -> None:
    class TwoOfAYear:
        def elections(self) -> tuple[Election, ...]:
            return tuple(Election(f"{k}-2015", k, 2015, (), k) for k in ("regionales", "corse"))

    store = cast(Store, TwoOfAYear())
    assert len(find_elections(store, "2015")) == 2
    with pytest.raises(UnknownName) as caught:
        resolve_election(store, "2015")
    assert caught.value.known == ("regionales-2015", "corse-2015")


def test_round1_statuses_are_typed_and_follow_the_law(overview: ElectionOverview) -> None:
    hdf = next(r for r in overview.regions if r.code == "32")
    assert hdf.round1 is not None and hdf.round1.outcome is Outcome.ROUND2
    statuses = {row.name: row.status for row in hdf.round1.lists}
    assert statuses["LE PEN Marine"] is Status.STAND
    assert statuses["DE SAINTIGNON Pierre"] is Status.STAND
    assert all(row.eligible == (row.status is not Status.OUT) for row in hdf.round1.lists)
    assert hdf.round1.leader is not None and hdf.round1.leader.name == "LE PEN Marine"
    assert hdf.lineup is not None and hdf.lineup.withdrew == ("DE SAINTIGNON Pierre",)


def test_the_council_is_checked_against_the_published_seats(overview: ElectionOverview) -> None:
    hdf = next(r for r in overview.regions if r.code == "32")
    assert hdf.council is not None and hdf.council.status is CouncilCheck.VERIFIED
    assert hdf.council.bonus.list == "BERTRAND Xavier" and hdf.council.bonus.seats == 43
    assert sum(row.seats or 0 for row in hdf.council.lists) == hdf.council.seats_total == 170
    assert all(row.published == row.seats for row in hdf.council.lists)
    assert hdf.council.regional and hdf.council.round == 2
    assert sum(1 for r in overview.regions if r.council is not None) == 13
    assert overview.summary.verified == 12 and overview.summary.seats_total > 1700


def test_why_seats_are_not_split_is_a_field_not_a_phrase(
    bundled_store: Store, overview: ElectionOverview
) -> None:
    seats = region_seats(bundled_store, E, "32")
    assert seats.sections is None and seats.unsplit is not None
    assert seats.notes[-1] == seats.unsplit  # the command line still prints it as a note
    hdf = next(r for r in overview.regions if r.code == "32")
    assert hdf.sections is not None and hdf.sections.missing == seats.unsplit
    assert hdf.round2 is not None and seats.unsplit not in hdf.round2.notes
    corse = next(r for r in overview.regions if r.code == "94")
    assert corse.sections is not None and corse.sections.missing == SINGLE


def test_regions_without_local_results_say_why_transfers_are_missing(
    overview: ElectionOverview,
) -> None:
    for region in overview.regions:
        assert region.estimate is None
        assert isinstance(region.transfers, TransfersMissing) and region.transfers.data
        assert region.transfers.reason.startswith("the store has no round-2 results by commune")


def test_the_round2_page_starts_from_what_happened(bundled_store: Store) -> None:
    figures = round1_figures(bundled_store, E, "93")
    paca = region_round2(bundled_store, figures)
    assert paca.winner is None and no_round2(figures) is None
    assert paca.start.observed and "CASTANER Christophe" not in paca.start.stand
    assert set(paca.start.stand) <= set(paca.eligibility.stand)
    actual = actual_round2(bundled_store, E, "93")
    assert actual is not None and actual.turnout is not None
    assert sum(item.seats or 0 for item in actual.lists) == 123
    assert actual_round2(bundled_store, E, "01") is None  # no round 2 in the data

"""The replay: the order units report in, and the Ministry's tree it publishes, read back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ballottage.data import Store
from ballottage.live.feed import BadBatch, UnitResult
from ballottage.live.journal import Journal, identity_problem
from ballottage.live.ministry_xml import region_directory
from ballottage.live.night import plan_night
from ballottage.live.replay import (
    Publication,
    batches,
    inscrits_curve,
    night_units,
    ordered,
    section_of,
    sub_code,
    with_corrections,
)
from ballottage.live.server import ReplayServer
from ballottage.live.sources import FeedUnavailable, MinistryTree, open_source
from tests.live.conftest import START


def test_the_realistic_order_holds_the_big_units_back(bundled: Store) -> None:
    cantons, _ = night_units(bundled, "regionales-2015", 1, "canton")
    assert len(cantons) == 2064  # every canton of the Ministry workbook
    realistic = ordered(cantons, "realistic", seed=3)
    assert sorted(u.area for u in realistic) == sorted(u.area for u in cantons)
    # half of the cantons bring well under half of the inscrits; a random order about half
    (half,) = inscrits_curve(realistic, [0.5])
    (anyhow,) = inscrits_curve(ordered(cantons, "random", seed=3), [0.5])
    assert half < 0.35 and 0.4 < anyhow < 0.6
    sizes = [u.inscrits for u in ordered(cantons, "size", seed=0)]
    assert sizes == sorted(sizes)
    assert ordered(cantons, "realistic", seed=3) == realistic  # seeded


def test_the_tree_served_over_http_gives_each_batch_once(
    units_2021: tuple[UnitResult, ...],
) -> None:
    sequence = ordered(units_2021, "size", seed=0)
    cut = batches(sequence, 4)
    server = ReplayServer(Publication(2021, 1, sequence, START), cut, interval=3600)
    server.start()
    try:
        source = open_source(server.url, 1)
        assert isinstance(source, MinistryTree)
        assert source.poll() is None  # the index lists every unit, none reported yet
        seen: list[str] = []
        for expected in cut:
            assert server.publish_next()
            batch = source.poll()
            assert batch is not None and batch.source.endswith("resultatsT1/index.xml")
            assert sorted(u.area for u in batch.units) == sorted(u.area for u in expected)
            assert {u.area: u for u in batch.units} == {u.area: u for u in expected}
            assert source.poll() is None  # 304: nothing new
            seen += [u.area for u in batch.units]
        assert not server.publish_next()
        assert sorted(seen) == sorted(u.area for u in units_2021)
    finally:
        server.stop()


def test_a_directory_holding_the_tree_is_followed_and_a_bad_file_refuses_the_batch(
    tmp_path: Path, units_2021: tuple[UnitResult, ...]
) -> None:
    sequence = ordered(units_2021, "random", seed=1)
    publication = Publication(2021, 1, sequence, START)

    def write() -> None:
        for path, (data, _) in publication.files.items():
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_bytes(data)

    publication.publish(sequence[:10])
    write()
    source = open_source(str(tmp_path), 1)
    first = source.poll()
    assert first is not None and len(first.units) == 10
    publication.publish(sequence[10:20])
    write()
    unit = sequence[12]
    section = section_of(unit)
    broken = f"resultatsT1/{region_directory(unit.region)}/{section}/{section}{sub_code(unit)}.xml"
    assert broken in publication.files
    (tmp_path / broken).write_bytes(b"<Election><Region>")
    with pytest.raises(BadBatch) as err:
        source.poll()
    assert broken.split("/")[-1] in str(err.value) and "not well-formed" in str(err.value)


def test_a_unit_published_again_replaces_its_figures(
    tmp_path: Path, bundled: Store, units_2021: tuple[UnitResult, ...]
) -> None:
    sequence = ordered(units_2021, "size", seed=0)
    unit = next(u for u in sequence if u.region == "32")
    first, second = unit.lists[0], unit.lists[1]
    typo = replace(
        unit,
        lists=(
            replace(first, votes=first.votes - 100),
            replace(second, votes=second.votes + 100),
            *unit.lists[2:],
        ),
    )
    server = ReplayServer(Publication(2021, 1, sequence, START), [[typo], [unit]], interval=3600)
    server.start()
    try:
        with Store(tmp_path / "night.duckdb") as store:
            plan = plan_night(bundled, "regionales-2021", 1, "department")
            journal = Journal(store, "regionales-2021", 1)
            source = open_source(server.url, 1)
            reports = []
            for _ in range(2):
                server.publish_next()
                batch = source.poll()
                assert batch is not None
                reports.append(journal.import_batch(batch, plan.expected()))
            assert [r.changed for r in reports] == [1, 1]
            assert journal.state()[unit.area].votes() == unit.votes()
            assert journal.state(at=reports[0].arrived_at)[unit.area].votes() == typo.votes()
    finally:
        server.stop()


def test_a_replay_with_corrections_ends_on_the_true_figures(
    tmp_path: Path, bundled: Store, units_2021: tuple[UnitResult, ...]
) -> None:
    sequence = ordered(units_2021, "random", seed=4)
    planned = with_corrections(batches(sequence, 4), 6, seed=4)
    slips = [u for batch in planned for u in batch if u not in sequence]
    assert len(slips) == 6 and sum(len(b) for b in planned) == len(sequence) + 6
    assert all(identity_problem(u) is None for u in slips)
    server = ReplayServer(Publication(2021, 1, sequence, START), planned, interval=3600)
    server.start()
    try:
        with Store(tmp_path / "night.duckdb") as store:
            plan = plan_night(bundled, "regionales-2021", 1, "department")
            journal = Journal(store, "regionales-2021", 1)
            source = open_source(server.url, 1)
            changed = 0
            while server.publish_next():
                batch = source.poll()
                assert batch is not None
                report = journal.import_batch(batch, plan.expected())
                assert report.refused is None
                changed += report.changed
            followed = [u for u in sequence if u.region != "03"]
            assert changed == len(followed) + len([u for u in slips if u.region != "03"])
            assert journal.state() == {u.area: u for u in followed}
    finally:
        server.stop()


def test_a_unit_file_out_of_reach_is_read_at_the_next_poll(
    tmp_path: Path, units_2021: tuple[UnitResult, ...]
) -> None:
    sequence = ordered(units_2021, "size", seed=0)
    publication = Publication(2021, 1, sequence, START)
    publication.publish(sequence[:5])
    late = sequence[2]
    section = section_of(late)
    missing = f"resultatsT1/{region_directory(late.region)}/{section}/{section}{sub_code(late)}.xml"
    for path, (data, _) in publication.files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        if path != missing:
            (tmp_path / path).write_bytes(data)
    source = open_source(str(tmp_path), 1)
    with pytest.raises(FeedUnavailable, match="no such file"):
        source.poll()
    (tmp_path / missing).write_bytes(publication.files[missing][0])
    batch = source.poll()  # the index has not changed, yet the batch is read whole
    assert batch is not None and sorted(u.area for u in batch.units) == sorted(
        u.area for u in sequence[:5]
    )
    assert source.poll() is None


def test_a_synthetic_round_2_has_the_lists_that_really_stood(bundled: Store) -> None:
    units, note = night_units(bundled, "regionales-2015", 2, "department", seed=1)
    assert note is not None and "really stood" in note
    hdf = [u for u in units if u.region == "32"]
    assert len(hdf) == 5  # Aisne, Nord, Oise, Pas-de-Calais, Somme
    # the left withdrew in 2015: Bertrand against Le Pen
    assert {head for u in hdf for head in u.votes()} == {"BERTRAND Xavier", "LE PEN Marine"}
    assert all(identity_problem(u) is None for u in units)

"""`ballottage project` and `ballottage simulate` on the shipped example scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ballottage.cli.scenario_commands import _progress
from tests.cli.invoke import data, run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_simulate_hdf_triangulaire_adds_up_and_repeats(db: str) -> None:
    args = (
        "simulate",
        str(EXAMPLES / "hdf-2015-ps-maintained.toml"),
        "--draws",
        "200000",
        "--seed",
        "1",
        "--json",
    )
    first = run(db, *args)
    out = data(first)
    assert (out["draws"], out["seed"], out["seats_total"]) == (200_000, 1, 170)
    lists = {item["list"]: item for item in out["lists"]}
    assert set(lists) == {"LE PEN Marine", "BERTRAND Xavier", "DE SAINTIGNON Pierre"}
    undecidable = out["undecidable_share"]
    assert 0 <= undecidable <= 1e-3
    # Draws whose tie the law settles by age are settled by lot and counted in p_first.
    assert sum(i["p_first"] for i in lists.values()) == pytest.approx(1.0, abs=1e-12)
    assert sum(i["p_first"] for i in lists.values()) == pytest.approx(1 - undecidable, abs=1e-3)
    assert sum(i["mean"] for i in lists.values()) == pytest.approx(170.0, abs=1e-9)
    for item in lists.values():
        assert 0 <= item["p_majority"] <= item["p_first"] <= 1
        assert 0 <= item["q05"] <= item["q50"] <= item["q95"] <= 170
        assert item["q05"] <= item["mean"] <= item["q95"]
    assert lists["LE PEN Marine"]["p_first"] > 0.9  # the triangulaire the PS avoided
    again = run(db, *args)
    assert again.exit_code == 0
    assert again.stdout == first.stdout


def test_project_actual_hdf_line_up(db: str) -> None:
    out = data(run(db, "project", str(EXAMPLES / "hdf-2015.toml"), "--json"))
    seats = {item["list"]: item["seats"] for item in out["allocation"]["lists"]}
    assert out["allocation"]["bonus"] == {"list": "BERTRAND Xavier", "seats": 43}
    assert sum(seats.values()) == 170
    assert abs(seats["BERTRAND Xavier"] - 116) <= 6  # published 116 / 54
    assert out["scenario"]["lineup"]["withdraw"] == ["DE SAINTIGNON Pierre"]
    assert out["expected"]["rate"] == pytest.approx(0.6124, abs=1e-6)
    assert any(step["kind"] == "bonus" for step in out["allocation"]["trace"])


def test_project_explain_shows_transfers_and_the_law(db: str) -> None:
    result = run(db, "project", str(EXAMPLES / "paca-2015.toml"), "--explain")
    assert result.exit_code == 0, result.output
    assert "Transfers" in result.stdout
    assert "CASTANER" in result.stdout and "ESTROSI Christian" in result.stdout
    assert "art. L338" in result.stdout


@pytest.mark.parametrize("name", ["paca-2015-ps-maintained", "idf-2015-triangulaire"])
def test_every_example_projects(db: str, name: str) -> None:
    out = data(run(db, "project", str(EXAMPLES / f"{name}.toml"), "--json"))
    assert (
        sum(item["seats"] for item in out["allocation"]["lists"])
        == out["allocation"]["seats_total"]
    )
    assert len(out["allocation"]["lists"]) == 3


def test_simulate_table_without_progress_off_a_terminal(db: str) -> None:
    result = run(
        db,
        "simulate",
        str(EXAMPLES / "idf-2015-triangulaire.toml"),
        "--draws",
        "60000",
        "--seed",
        "3",
    )
    assert result.exit_code == 0, result.output
    assert "PÉCRESSE" in result.stdout
    assert "60 000 draws, seed 3" in " ".join(result.stdout.split())
    assert "simulating" not in result.output


def test_progress_bar_follows_the_draws() -> None:
    seen = []
    with _progress(True, 100) as advance:
        assert advance is not None
        for done in (40, 100):
            advance(done, 100)
            seen.append(done)
    with _progress(False, 100) as nothing:
        assert nothing is None
    assert seen == [40, 100]


def test_unknown_region_names_the_key(db: str, tmp_path: Path) -> None:
    path = tmp_path / "where.toml"
    path.write_text('[scenario]\nelection = 2015\nregion = "Atlantis"\n', encoding="utf-8")
    result = run(db, "project", str(path))
    assert result.exit_code == 2
    assert "where.toml: scenario.region" in result.stderr
    assert "Atlantis" in result.stderr


def test_an_illegal_line_up_is_refused_with_the_article(db: str, tmp_path: Path) -> None:
    path = tmp_path / "illegal.toml"
    path.write_text(
        '[scenario]\nelection = 2015\nregion = "HDF"\n'
        '[lineup]\nstand = ["LE PEN", "BERTRAND", "ROUSSEL"]\n',
        encoding="utf-8",
    )
    for command in ("project", "simulate"):
        result = run(db, command, str(path))
        assert result.exit_code == 2
        assert "lineup.stand" in result.stderr
        assert "ROUSSEL Fabien' cannot stand in round 2" in result.stderr
        assert "below 10 %" in result.stderr and "art. L346" in result.stderr


def test_a_row_that_does_not_add_up_is_refused(db: str, tmp_path: Path) -> None:
    path = tmp_path / "row.toml"
    path.write_text(
        '[scenario]\nelection = 2015\nregion = "PACA"\n[lineup]\nwithdraw = ["CASTANER"]\n'
        '[transfers.CASTANER]\nESTROSI = 0.7\n"MARÉCHAL" = 0.1\nabstention = 0.1\n',
        encoding="utf-8",
    )
    result = run(db, "project", str(path), "--json")
    assert result.exit_code == 2
    assert 'row.toml: transfers."CASTANER"' in result.stderr
    assert "not 1 (tolerance 1e-9)" in result.stderr
    error = json.loads(result.stdout)["error"]  # --json: the same error as a JSON object
    assert error["kind"] == "InvalidInput" and "not 1 (tolerance 1e-9)" in error["message"]


def test_a_missing_file_exits_2(db: str, tmp_path: Path) -> None:
    result = run(db, "project", str(tmp_path / "nowhere.toml"))
    assert result.exit_code == 2
    assert "nowhere.toml" in result.stderr

"""``ballottage live`` and ``ballottage live replay`` through the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from ballottage.live.dashboard import dashboard
from ballottage.vocabulary.live import LiveUpdateDoc
from tests.cli.invoke import run

HEADER = "region;level;code;name;inscrits;votants;blancs;nuls;exprimes;head;nuance;votes"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("live") / "night.duckdb"


def lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def _feed(feed: Path) -> None:
    """Two files: Aisne's figures, then a file naming a list that does not stand."""
    feed.mkdir()
    rows = [
        HEADER,
        "32;department;02;Aisne;380000;160000;4000;2000;154000;BERTRAND Xavier;LUD;80000",
        "32;department;02;Aisne;380000;160000;4000;2000;154000;CHENU Sébastien;LRN;74000",
    ]
    (feed / "01.csv").write_text("\n".join(rows), encoding="utf-8")
    (feed / "02.csv").write_text(f"{HEADER}\n32;department;59;Nord;1;1;0;0;1;DUPONT Jean;;1\n")


def _follow(db: Path, feed: Path, election: str = "regionales-2021") -> list[dict[str, Any]]:
    args = ["--round", "1", "--once", "--json", "--draws", "200"]
    result = run(db, "live", str(feed), "--election", election, *args)
    assert result.exit_code == 0, result.output
    return lines(result.stdout)


def test_a_directory_of_csv_files_is_followed_and_a_bad_file_refused(
    tmp_path: Path, db: Path
) -> None:
    _feed(tmp_path / "feed")
    first, second = _follow(db, tmp_path / "feed")
    assert first["schema"] == second["schema"] == 1
    assert first["batch"]["refused"] is None and first["batch"]["units"] == 1
    hdf = next(r for r in first["regions"] if r["region"]["code"] == "32")
    assert hdf["units_counted"] == 1 and hdf["region"]["name"] == "Hauts-de-France"
    assert 0 < hdf["counted_inscrits"] < 0.2 and hdf["updated_at"].endswith("Z")
    assert "02.csv" in second["batch"]["source"]
    assert "DUPONT Jean heads no list" in second["batch"]["refused"]
    resumed = _follow(db, tmp_path / "feed", election="2021")  # a year names the election
    # the journal's state first, then the same files: already imported, or refused again
    assert resumed[0]["batch"] is None and resumed[1]["batch"]["already_imported"] is True


def test_the_history_lists_the_batches_and_projects_the_night_as_of_a_time(
    tmp_path: Path,
) -> None:
    db = tmp_path / "night.duckdb"
    _feed(tmp_path / "feed")
    _follow(db, tmp_path / "feed")
    result = run(db, "live", "history", "--election", "2021", "--round", "1", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [b["refused"] is None for b in listed["batches"]] == [True, False]
    assert listed["as_of"] is None
    when = listed["batches"][0]["arrived_at"][:19]
    args = ["--election", "regionales-2021", "--round", "1", "--at", when, "--draws", "200"]
    result = run(db, "live", "history", *args, "--json")
    assert result.exit_code == 0, result.output
    as_of = json.loads(result.stdout)["as_of"]
    hdf = next(r for r in as_of["regions"] if r["region"]["code"] == "32")
    assert as_of["schema"] == 1 and hdf["units_counted"] == 1
    before = run(db, "live", "history", *args[:4], "--at", "2000-01-01T00:00:00")
    assert before.exit_code == 0 and "No batch in the journal by then." in before.stdout


def test_errors_are_one_line_and_a_json_object(db: Path, tmp_path: Path) -> None:
    result = run(
        db,
        "live",
        str(tmp_path / "nowhere"),
        "--election",
        "regionales-2021",
        "--round",
        "1",
        "--json",
    )
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert "nowhere" in error["message"] and "no such file" in error["message"]
    closed = run(
        db, "live", "http://127.0.0.1:9/", "--election", "regionales-2021", "--round", "2", "--once"
    )
    assert closed.exit_code == 2 and "127.0.0.1:9" in closed.stderr
    bad = run(db, "live", "replay", "2021", "--round", "1", "--order", "alphabetical")
    assert bad.exit_code == 2 and "--order" in bad.stderr


def test_the_dashboard_shows_each_region() -> None:
    batch = {"id": 3, "source": "x.csv", "tag": "x", "arrived_at": "2021-06-27T20:04:00Z"}
    data = LiveUpdateDoc.model_validate(
        {
            "election": "regionales-2021",
            "round": 2,
            "complete": False,
            "warning": None,
            "batch": {
                **batch,
                "units": 0,
                "changed": 0,
                "refused": "batch refused: x.csv: bad",
                "already_imported": False,
            },
            "regions": [
                {
                    "region": {"code": "32", "name": "Hauts-de-France"},
                    "seats_total": 170,
                    "units": 5,
                    "units_counted": 1,
                    "counted_inscrits": 0.25,
                    "final": False,
                    "draws": 200,
                    "undecidable": 0.0,
                    "updated_at": "2021-06-27T20:04:00Z",
                    "lists": [
                        {
                            "list": "BERTRAND Xavier",
                            "family": "right",
                            "p_first": 0.93,
                            "p_majority": 0.9,
                            "p_stand": None,
                            "p_merge": None,
                            "share": {"mean": 0.52, "low": 0.5, "high": 0.55},
                            "projected_seats": {"mean": 110.2, "low": 105, "high": 114},
                        },
                    ],
                },
                {
                    "region": {"code": "53", "name": "Bretagne"},
                    "seats_total": 83,
                    "units": 4,
                    "units_counted": 0,
                    "counted_inscrits": 0.0,
                    "final": False,
                    "draws": 0,
                    "undecidable": 0.0,
                    "updated_at": None,
                    "lists": [],
                },
            ],
        }
    )
    out = io.StringIO()
    Console(file=out, width=160).print(dashboard(data, "20:04:00 UTC"))
    text = out.getvalue()
    assert "Hauts-de-France" in text and "25.0 %" in text and "BERTRAND Xavier" in text
    assert "93.0 %" in text and "110 (105–114)" in text and "20:04:00" in text
    assert "unknown" in text and "batch refused: x.csv" in text

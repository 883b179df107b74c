"""Every ``--json`` output and every web API answer speaks the published vocabulary.

Each command that has ``--json`` is run (the test fails if a command gains ``--json`` and is
not run here), each answer of the web API is asked for, and each output is read back by its
document model: no key missing, none added, every value of the declared type, and the text
equal to the model's own dump. The published schema files (docs/schema) must be those the
models give, and a list is named ``"list"`` everywhere.
"""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.exceptions import StarletteDeprecationWarning
from typer._click.core import Command
from typer.main import get_command

from ballottage.cli import app
from ballottage.vocabulary.catalogue import DOCUMENTS, schema_text
from tests.cli.invoke import run, runner, served
from tests.known_answers import write_district

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "docs" / "schema"
SHARED = ROOT.parent / "shared" / "data"
HDF = str(ROOT / "examples" / "hdf-2015.toml")
TRUTH = str(ROOT / "examples" / "transfers-truth-hdf.toml")

SEEN: dict[str, list[Any]] = {}
"""Document name → the outputs read, for the vocabulary checks at the end of the module."""


def speaks(name: str, text: str) -> Any:
    """``text`` read as the document ``name``: exactly its model's shape, ``"schema": 1``."""
    model = DOCUMENTS[name]
    document = model.model_validate_json(text)
    raw = json.loads(text)
    assert raw == document.model_dump(mode="json", by_alias=True), name
    assert raw["schema"] == 1
    SEEN.setdefault(name, []).append(raw)
    return raw


def command(name: str, db: str | Path | None, *args: str, code: int = 0) -> Any:
    """Run ``ballottage ARGS --json`` and read its output as the document ``name``."""
    result = run(db, *args, "--json") if db else runner.invoke(app, [*args, "--json"])
    assert result.exit_code == code, result.output
    return speaks(name, result.stdout)


# ---- the command line ------------------------------------------------------------------------

COVERED: set[str] = set()


def covers(*path: str) -> None:
    COVERED.add(" ".join(path))


def json_commands() -> set[str]:
    """Every command path of ``ballottage`` that takes ``--json``."""
    found = set()

    def walk(cmd: Command, path: tuple[str, ...]) -> None:
        subcommands = getattr(cmd, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, (*path, name))
        elif any("--json" in p.opts for p in cmd.params):
            found.add(" ".join(path))

    walk(get_command(app), ())
    return found


def test_the_law(db: str) -> None:
    command("rules", None, "rules")
    covers("rules")
    out = command("allocate", None, "allocate", "--seats", "19", "A=4000", "B=3000", "C=2000")
    assert out["bonus"] == {"list": "A", "seats": 5} and out["lists"][0]["bonus"] == 5
    once = command("allocate", None, "allocate", "--round", "1", "--seats", "9", "A=60", "B=40")
    assert once["outcome"] == "seats" and once["round"] == 1
    twice = command(
        "allocate", None, "allocate", "--round", "1", "--seats", "9", "A=4", "B=3", "C=2"
    )
    assert twice["outcome"] == "round2" and twice["lists"][0]["seats"] is None
    covers("allocate")
    assert command("qualify", None, "qualify", "A=60", "B=40")["majority"] == "A"
    stored = command("qualify", db, "qualify", "2015", "--region", "HDF")
    assert stored["region"] == {"code": "32", "name": "Hauts-de-France"}
    covers("qualify")


def test_the_store(db: str, tmp_path: Path) -> None:
    command("elections", db, "elections")
    covers("elections")
    one = command("results", db, "results", "2015", "--region", "HDF", "--level", "department")
    assert one["level"] == "department" and one["regions"][0]["areas"]
    assert isinstance(one["regions"][0]["turnout"], dict)
    command("results", db, "results", "2021", "--round", "2")
    covers("results")
    seats = command("seats", db, "seats", "2015")
    assert seats["seats_total"] == 1671
    command("seats", db, "seats", "2015", "--region", "HDF")
    covers("seats")
    command("verify", db, "verify", "2015")
    covers("verify")
    command("compare", db, "compare", "2015", "2021")
    covers("compare")
    out = tmp_path / "r.html"
    report = command("report", db, "report", "2015", "-o", str(out))
    assert report["output"] == str(out) and report["bytes"] == out.stat().st_size
    covers("report")


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not beside the repo")
def test_import(tmp_path: Path) -> None:
    from ballottage.data.bundle import SOURCES_2021

    shared = tmp_path / "data"
    for rel in SOURCES_2021.values():
        (shared / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SHARED / rel, shared / rel)
    out = command("import", tmp_path / "s.duckdb", "import", "2021", str(shared))
    assert out["imports"] and all(not i["skipped"] for i in out["imports"])
    covers("import")


def test_between_the_rounds(db: str) -> None:
    out = command("project", db, "project", HDF)
    assert (
        out["expected"]["blank_spoiled"] == out["expected"]["votants"] - out["expected"]["exprimes"]
    )
    covers("project")
    command("simulate", db, "simulate", HDF, "--draws", "500", "--seed", "1")
    covers("simulate")


def test_transfers(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    args = ("transfers", "validate", "--region", "HDF", "--truth", TRUTH, "--bootstrap", "20")
    command("transfers-validate", db, *args)
    covers("transfers", "validate")
    write_district(tmp_path / "D" / "01_x", 5)
    units = str(tmp_path / "D" / "01_x" / "units.csv")
    command("transfers-estimate-units", None, "transfers", "estimate", "--units", units)
    covers("transfers", "estimate")
    bench = ("transfers", "benchmark", str(tmp_path / "D"), "--method", "lphom")
    assert command("transfers-benchmark", None, *bench)["interval_level"] == 0.9
    covers("transfers", "benchmark")


def test_transfers_estimate_over_the_store(tmp_path: Path, hdf_commune_rounds: Any) -> None:
    from tests.cli.test_transfers_cli import write_text

    rows1, rows2, _ = hdf_commune_rounds
    files = (
        "--round1-file",
        str(write_text(tmp_path / "t1.csv", rows1)),
        "--round2-file",
        str(write_text(tmp_path / "t2.csv", rows2)),
    )
    args = ("transfers", "2015", "--region", "HDF", *files, "--bootstrap", "20")
    out = command("transfers-estimate", tmp_path / "s.duckdb", *args)
    assert out["unit_level"] == "commune" and out["region"]["code"] == "32"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "served").mkdir()
    (tmp_path / "served" / "a.txt").write_text("hello\n", encoding="utf-8")
    with served(tmp_path / "served") as url:
        yield url


def test_fetch(server: str, tmp_path: Path) -> None:
    assert command("fetch-list", None, "fetch", "--list")["files"]
    to = tmp_path / "to"
    out = command("fetch", None, "fetch", "--url", f"{server}/a.txt", "--to", str(to))
    assert out["files"][0]["bytes"] == 6
    covers("fetch")


LIVE_HEADER = "region;level;code;name;inscrits;votants;blancs;nuls;exprimes;head;nuance;votes"


def test_live(tmp_path: Path) -> None:
    """One batch of a night (Aisne's figures): ``live --json`` prints JSON lines, ``live
    history --json`` one document, with the projection as of the batch."""
    feed, db = tmp_path / "feed", tmp_path / "night.duckdb"
    feed.mkdir()
    aisne = "32;department;02;Aisne;380000;160000;4000;2000;154000"
    rows = [f"{aisne};BERTRAND Xavier;LUD;80000", f"{aisne};CHENU Sébastien;LRN;74000"]
    (feed / "01.csv").write_text("\n".join([LIVE_HEADER, *rows]), encoding="utf-8")
    args = ["--election", "regionales-2021", "--round", "1", "--draws", "200"]
    result = run(db, "live", str(feed), *args, "--once", "--json")
    assert result.exit_code == 0, result.output
    updates = [speaks("live", line) for line in result.stdout.splitlines()]
    assert updates[-1]["batch"]["units"] == 1
    covers("live", "follow")  # `ballottage live SOURCE` is `live follow SOURCE`
    history = speaks("live-history", run(db, "live", "history", *args[:4], "--json").stdout)
    when = history["batches"][0]["arrived_at"][:19]
    result = run(db, "live", "history", *args, "--at", when, "--json")
    assert speaks("live-history", result.stdout)["as_of"]["regions"]
    covers("live", "history")


def test_errors_are_a_json_document_on_standard_output(db: str) -> None:
    bad = command("error", None, "allocate", "--seats", "-3", "A=1", code=2)
    assert bad["error"]["kind"] == "InvalidInput" and bad["error"]["field"] == "seats"
    usage = command("error", None, "allocate", "--round", "x", code=2)
    assert usage["error"]["kind"] == "UsageError"
    unknown = command("error", db, "seats", "1999", code=2)
    assert unknown["error"]["kind"] == "UnknownName"


# ---- the web API ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    from ballottage.web.app import create_app

    with TestClient(create_app(":memory:")) as c:
        yield c


def test_the_web_api(client: TestClient) -> None:
    speaks("api-elections", client.get("/api/elections").text)
    page = speaks("api-region", client.get("/api/regions/32", params={"election": "2015"}).text)
    assert page["round1"]["turnout"]["rate"] > 0
    body = {"election": "2015", "region": "HDF", "stand": ["LE PEN Marine", "BERTRAND Xavier"]}
    speaks("api-project", client.post("/api/project", json=body).text)
    speaks("api-simulate", client.post("/api/simulate", json={**body, "draws": 300}).text)
    assert speaks("api-live-state", client.get("/live/state").text)["regions"] == []
    missing = client.get("/api/regions/99", params={"election": "2015"})
    assert missing.status_code == 404
    speaks("error", missing.text)
    illegal = client.post("/api/project", json={**body, "stand": ["ROUSSEAU Sandrine"]})
    assert illegal.status_code == 422
    assert speaks("error", illegal.text)["error"]["kind"] == "IllegalLineup"
    invalid = client.post("/api/simulate", json={**body, "draws": 0})
    assert speaks("error", invalid.text)["error"]["kind"] == "InvalidRequest"


# ---- what every output shares -----------------------------------------------------------------


def test_every_command_with_json_was_run() -> None:
    """Runs last in the module (tests run in file order): the ones above filled COVERED."""
    assert json_commands() - COVERED == set()


def _objects(value: Any, key: str | None = None) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """Every JSON object inside ``value``, with the key it hangs from (an array's items hang
    from the array's key)."""
    if isinstance(value, dict):
        yield key, value
        for k, v in value.items():
            yield from _objects(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item, key)


LIST_ROWS = {"lists", "not_in_round2", "charts", "outcomes", "round1_leader", "round2_winner"}
"""Keys whose objects are lists (of candidates): each names its list ``"list"``."""


def test_one_name_per_concept_in_every_output() -> None:
    assert set(SEEN) == set(DOCUMENTS), set(DOCUMENTS) - set(SEEN)
    for name, outputs in SEEN.items():
        for output in outputs:
            for key, obj in _objects(output):
                if key in ("articles", "definitions", "shares", "r2"):
                    continue  # keyed by article, term or transfer destination, not by field
                if key in LIST_ROWS:
                    assert isinstance(obj.get("list"), str) and "name" not in obj, (name, obj)
                for word in ("blank_null", "blank-null", "lists_info", "bonus_seats_won"):
                    assert word not in obj, (name, word)
                if "bonus" in obj:
                    bonus = obj["bonus"]
                    assert bonus is None or isinstance(bonus, int | dict), (name, obj)
                    if isinstance(bonus, dict):
                        assert isinstance(bonus["seats"], int)
                if "seats" in obj:
                    assert obj["seats"] is None or isinstance(obj["seats"], int), (name, obj)
                if "turnout" in obj and key not in ("scenario",):
                    assert obj["turnout"] is None or isinstance(obj["turnout"], dict), name
                if "level" in obj:
                    assert isinstance(obj["level"], str), (name, obj)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_published_schema_is_the_model_s(name: str) -> None:
    path = SCHEMAS / f"{name}.json"
    assert path.is_file(), f"{path} is missing: run python -m ballottage.vocabulary"
    assert path.read_text(encoding="utf-8") == schema_text(name), (
        f"{path} is out of date: run python -m ballottage.vocabulary"
    )


def test_no_stale_schema_file_is_published() -> None:
    assert {p.stem for p in SCHEMAS.glob("*.json")} == set(DOCUMENTS)

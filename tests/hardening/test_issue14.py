"""One test per item of issue 14 ("nothing wrong gets in, nothing crashes, nothing grows
without bound"), each on the input the issue names."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ballottage.cli import app
from ballottage.data.store import Store
from tests.hardening import corpus
from tests.hardening.conftest import store_rows
from tests.hardening.limited import PEAK_MB, ROOT, one_line, run

runner = CliRunner()
EXAMPLES = ROOT / "examples"


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def refused(*args: str) -> str:
    """The one line of a refusal (exit status 2, no traceback)."""
    code, out, err = cli(*args)
    assert code == 2, (out, err)
    return one_line(err)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled figures."""
    db = tmp_path_factory.mktemp("bundled") / "store.duckdb"
    with Store(db) as store:
        store.load_bundled()
    return db


# 1. Silently wrong seats from a damaged file --------------------------------------------------


def test_1_bfc_cut_mid_row_is_refused_naming_file_region_and_figures(
    sources: Path, tmp_path: Path
) -> None:
    corpus.cut_in_bfc(sources / corpus.T2_LISTS)
    db = tmp_path / "s.duckdb"
    before = store_rows(db)
    line = refused("import", "2015", str(sources), "--db", str(db))
    assert "t2_region_lists_seats_2015.csv" in line
    assert "region 27 Bourgogne-Franche-Comté" in line
    assert "402" in line and "1 220 959" in line
    assert store_rows(db) == before


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (corpus.header_only, "has a header but no rows"),
        (lambda p: corpus.cut_at_row(p, 4), "region 27 Bourgogne-Franche-Comté"),
        (lambda p: corpus.cut_at_row(p, 20), "no list in t2_region_lists_seats_2015.csv"),
    ],
    ids=["header-only", "cut-at-row-in-BFC", "cut-at-row-between-regions"],
)
def test_1_lists_header_only_or_cut_at_a_row_is_refused(
    sources: Path, tmp_path: Path, damage: object, said: str
) -> None:
    damage(sources / corpus.T2_LISTS)  # type: ignore[operator]
    db = tmp_path / "s.duckdb"
    before = store_rows(db)
    assert said in refused("import", "2015", str(sources), "--db", str(db))
    assert store_rows(db) == before


def test_1_workbook_region_99_is_refused_and_no_phantom_region_is_stored(
    sources: Path, tmp_path: Path
) -> None:
    corpus.region_99(sources / corpus.WORKBOOK)
    db = tmp_path / "s.duckdb"
    line = refused("import", "2015", str(sources), "--db", str(db))
    assert "reg2015_T1_minint.xlsx" in line and "'99'" in line and "region code" in line
    with Store(db) as store:
        assert not store.con.execute("SELECT * FROM areas WHERE id = 'region:99'").fetchall()


def test_1_round2_totals_against_the_workbook(sources: Path, tmp_path: Path) -> None:
    totals = sources / corpus.T2_TOTALS
    text = totals.read_text(encoding="utf-8")
    totals.write_text(text.replace(";100;1996518;", ";100;1896518;"), encoding="utf-8")
    line = refused("import", "2015", str(sources), "--db", str(tmp_path / "s.duckdb"))
    assert "region 27" in line and "1 896 518" in line and "1 996 679" in line
    assert "reg2015_T1_minint.xlsx" in line


# 2. Unbounded memory and time ----------------------------------------------------------------


def test_2_hostile_sizes_end_at_once_within_memory(sources: Path, tmp_path: Path) -> None:
    """--bootstrap 3 000 000, /dev/zero as votes or scenario, a zip bomb, a 70 MB lists file:
    each one line naming the limit, in a process that never holds 500 MB."""
    bomb = tmp_path / "bomb"
    corpus.data_copy(bomb)
    corpus.zip_bomb(bomb / corpus.WORKBOOK)
    big = tmp_path / "big"
    corpus.data_copy(big)
    with (big / corpus.T2_LISTS).open("ab") as handle:
        handle.write(b"x" * 70_000_000)
    db = str(tmp_path / "s.duckdb")
    truth = str(EXAMPLES / "transfers-truth-hdf.toml")
    cases = [
        [
            "transfers",
            "validate",
            "--region",
            "HDF",
            "--truth",
            truth,
            "--bootstrap",
            "3000000",
            "--db",
            db,
        ],
        [
            "transfers",
            "validate",
            "--region",
            "HDF",
            "--truth",
            truth,
            "--bootstrap",
            "1000000000",
            "--db",
            db,
        ],
        ["allocate", "--votes", "/dev/zero"],
        ["project", "/dev/zero", "--db", db],
        ["import", "2015", str(bomb), "--db", db],
        ["import", "2015", str(big), "--db", db],
        [
            "simulate",
            str(EXAMPLES / "hdf-2015-ps-maintained.toml"),
            "--draws",
            "10000000000",
            "--db",
            db,
        ],
    ]
    started = time.monotonic()
    results = run(cases, tmp_path)
    assert time.monotonic() - started < 120
    names = [
        "BOOTSTRAP",
        "BOOTSTRAP",
        "INPUT_BYTES",
        "INPUT_BYTES",
        "XLSX_UNCOMPRESSED_BYTES",
        "TABLE_BYTES",
        "DRAWS",
    ]
    for result, name in zip(results, names, strict=True):
        assert result["traceback"] is None, result
        assert result["code"] == 2, result
        line = one_line(result["stderr"])
        assert name in line, (name, line)
    assert max(r["peak_mb"] for r in results) < PEAK_MB


# 3. One import is all or nothing ---------------------------------------------------------------


def test_3_a_bad_later_file_leaves_no_earlier_file_committed(sources: Path, tmp_path: Path) -> None:
    councils = sources / corpus.COUNCILS
    councils.write_text(
        councils.read_text(encoding="utf-8").replace(";100;100;", ";101;100;", 1), encoding="utf-8"
    )
    db = tmp_path / "s.duckdb"
    before = store_rows(db)
    line = refused("import", "2015", str(sources), "--db", str(db))
    assert "council_sizes_2015.csv" in line and "nothing was imported" in line
    after = store_rows(db)
    assert after == before
    assert after["results"] == 0 and after["imports"] == 0


# 4. Tracebacks where one line and exit 2 were promised -----------------------------------------


def test_4_store_errors_are_one_line(tmp_path: Path, bundled: Path) -> None:
    assert "is a directory" in refused("results", "2015", "--db", str(tmp_path))
    other = tmp_path / "other.duckdb"
    other.write_text("not a database\n" * 10, encoding="utf-8")
    assert "is not a DuckDB store" in refused("results", "2015", "--db", str(other))


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (corpus.emptied, "is empty"),
        (corpus.truncated, "is not a workbook"),
        (corpus.not_a_zip, "is not a workbook"),
        (corpus.huge_count, "more than any electorate"),
    ],
    ids=["empty", "truncated", "not-a-zip", "10^30"],
)
def test_4_broken_workbooks_are_one_line(
    sources: Path, tmp_path: Path, damage: object, said: str
) -> None:
    damage(sources / corpus.WORKBOOK)  # type: ignore[operator]
    db = tmp_path / "s.duckdb"
    before = store_rows(db)
    line = refused("import", "2015", str(sources), "--db", str(db))
    assert "reg2015_T1_minint.xlsx" in line and said in line
    assert store_rows(db) == before


def test_4_empty_csv_and_duplicated_row_are_one_line(sources: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    corsica = sources / corpus.CORSICA
    lines = corsica.read_text(encoding="utf-8").splitlines(keepends=True)
    corsica.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    line = refused("import", "2015", str(sources), "--db", str(db))
    assert "corse_t2_votes.csv" in line and "appears twice" in line
    corsica.write_text("", encoding="utf-8")
    line = refused("import", "2015", str(sources), "--db", str(db))
    assert "corse_t2_votes.csv" in line and "is empty" in line
    assert store_rows(db)["imports"] == 0


def _scenario(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    return path


HEAD = '[scenario]\nelection = 2015\nregion = "HDF"\n'


def test_4_hostile_scenarios_and_votes_are_one_line(tmp_path: Path, bundled: Path) -> None:
    db = str(bundled)
    plus_minus = _scenario(
        tmp_path, HEAD + '[transfers."DE SAINTIGNON"]\nBERTRAND = "1.2.3 ± 0.1"\n'
    )
    assert "share ± spread" in refused("project", str(plus_minus), "--db", db)
    deep = _scenario(tmp_path, "a = " + "[" * 5000 + "]" * 5000 + "\n")
    assert "NESTING_DEPTH" in refused("project", str(deep), "--db", db)
    digits = _scenario(tmp_path, HEAD + "[turnout]\nround2 = " + "1" * 5001 + "\n")
    assert "INTEGER_DIGITS" in refused("project", str(digits), "--db", db)
    nested = tmp_path / "v.json"
    nested.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "NESTING_DEPTH" in refused("allocate", "--votes", str(nested))
    big = tmp_path / "b.json"
    big.write_text('{"A": ' + "9" * 5001 + "}", encoding="utf-8")
    assert "INTEGER_DIGITS" in refused("allocate", "--votes", str(big))


def test_4_a_store_held_by_serve_gives_the_pid_and_what_to_do(tmp_path: Path) -> None:
    """``serve`` holds its store for its lifetime; any other command gets one line."""
    db = tmp_path / "served.duckdb"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    server = subprocess.Popen(
        [sys.executable, "-m", "ballottage", "serve", "--db", str(db), "--port", port],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # printed once the store is open
        assert "open http://" in line, line
        said = refused("results", "2015", "--db", str(db))
        assert f"in use by another ballottage process (pid {server.pid})" in said
        assert "use --db or stop it" in said
        code, out, _ = cli("results", "2015", "--db", str(db), "--json")
        assert code == 2 and json.loads(out)["error"]["kind"] == "StoreUnavailable"
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()


# 5. Bad input that exits 0 ---------------------------------------------------------------------


def test_5_bad_input_exits_2(tmp_path: Path, bundled: Path) -> None:
    assert "must be one of region" in refused(
        "results", "2015", "--level", "planet", "--db", str(bundled)
    )
    csv = tmp_path / "existing.csv"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    assert "is not a DuckDB store" in refused("import", "2015", str(tmp_path), "--db", str(csv))
    assert csv.read_text(encoding="utf-8") == "a,b\n1,2\n"
    row = '[transfers."DE SAINTIGNON"]\nBERTRAND = 0.8\nabstention = 0.2\nspread = nan\n'
    nan = _scenario(tmp_path, HEAD + row)
    assert "spread" in refused("project", str(nan), "--db", str(bundled))


# 6. serve --host other than loopback -----------------------------------------------------------


def test_6_serve_on_every_interface_warns_and_keeps_the_host_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn

    from ballottage.cli import web_commands

    seen: dict[str, object] = {}

    def fake_app(db: object, *, allowed_hosts: list[str]) -> object:
        seen["hosts"] = allowed_hosts
        return object()

    monkeypatch.setattr("ballottage.web.app.create_app", fake_app)

    class Quiet:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def run(self, *args: object, **kwargs: object) -> None:
            seen["run"] = True

        def close(self) -> None:
            pass

    monkeypatch.setattr(web_commands, "bound_socket", lambda host, port: Quiet())
    monkeypatch.setattr(uvicorn, "Server", Quiet)
    monkeypatch.setattr(uvicorn, "Config", Quiet)
    code, _, err = cli("serve", "--host", "0.0.0.0", "--allow-host", "ballottage.lan")
    assert code == 0
    assert "no authentication" in err and "every interface" in err
    hosts = seen["hosts"]
    assert isinstance(hosts, list) and "ballottage.lan" in hosts and "127.0.0.1" in hosts
    assert "0.0.0.0" not in hosts and "*" not in hosts
    assert web_commands.allowed_hosts("10.0.0.7")[-1] == "10.0.0.7"


def test_6_the_host_check_refuses_other_names() -> None:
    import warnings

    from starlette.exceptions import StarletteDeprecationWarning

    from ballottage.cli.web_commands import allowed_hosts
    from ballottage.web.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from fastapi.testclient import TestClient

    with TestClient(create_app(":memory:", allowed_hosts=allowed_hosts("10.0.0.7"))) as client:
        assert client.get("/api/elections", headers={"Host": "evil.example"}).status_code == 400
        assert client.get("/api/elections", headers={"Host": "10.0.0.7:8000"}).status_code == 200


# 7. Messages that mislead ----------------------------------------------------------------------


def test_7_messages_name_the_file_and_the_right_thing(tmp_path: Path, bundled: Path) -> None:
    from ballottage.data.sources.department_tables import read_department_tables
    from ballottage.errors import BallottageError

    lists = tmp_path / corpus.DEPARTMENTS_2021.split("/")[-1]
    lists.write_bytes((corpus.SHARED / corpus.DEPARTMENTS_2021).read_bytes())
    corpus.latin_mess(lists)
    totals = corpus.SHARED / "regionales_2021" / "t1_departements_totals_2021.csv"
    with pytest.raises(BallottageError, match="t1_departements_lists_2021.csv: is not UTF-8"):
        read_department_tables(lists, totals)

    sections = tmp_path / "sections.csv"
    sections.write_text("list,section,votes\nA,59,10\nB,59,5\n", encoding="utf-8")
    populations = tmp_path / "populations.csv"
    populations.write_text("section,population\n59,-5\n", encoding="utf-8")
    line = refused(
        "allocate",
        "A=10",
        "B=5",
        "--seats",
        "10",
        "--sections",
        str(sections),
        "--populations",
        str(populations),
    )
    assert "population" in line and "votes" not in line.split(":")[-1]

    merge = _scenario(tmp_path, HEAD + '[lineup]\nmerge = {BERTRAND = ["BERTRAND"]}\n')
    line = refused("project", str(merge), "--db", str(bundled))
    assert "cannot merge with itself" in line and "does not stand" not in line

    low = _scenario(tmp_path, HEAD + "[turnout]\nround2 = 1e-7\n")
    line = refused("project", str(low), "--db", str(bundled))
    assert str(low) in line and "turnout" in line


def test_4_usage_errors_are_one_line_too() -> None:
    assert "--seats" in refused("allocate", "--seats", "abc", "A=1")
    assert "No such option" in refused("allocate", "--nope")
    assert "see ballottage transfers validate --help" in refused("transfers", "validate")
    code, out, _ = cli("allocate", "--seats", "x", "A=1", "--json")
    assert code == 2 and json.loads(out)["error"]["kind"] == "UsageError"


def test_4_json_error_object_has_the_fields(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 40 + "]" * 40, encoding="utf-8")
    code, out, err = cli("allocate", "--votes", str(deep), "--json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["kind"] == "LimitExceeded" and error["limit"] == 32
    assert error["file"] == str(deep) and error["rule"].startswith("limit NESTING_DEPTH")
    assert error["message"] in one_line(err)

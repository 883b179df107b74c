"""`ballottage transfers` and `ballottage transfers validate`, offline, on a store in tmp_path.

The commune files are synthetic: each Hauts-de-France department of the bundled round 1 is split
into 30 communes (every count split exactly, so the store's sums check), and round 2 is drawn
from a known matrix. They are written in the Ministry's wide layout, as ``;`` text or as xlsx.
"""

from __future__ import annotations

import tomllib
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import pytest

from ballottage.cli import app
from tests.cli.invoke import data, run, runner
from tests.known_answers import write_district

ROOT = Path(__file__).resolve().parents[2]
TRUTH = ROOT / "examples" / "transfers-truth-hdf.toml"
T1_NAME = "Reg_15_Resultats_Communes_T1_c.xlsx"
T2_NAME = "Reg_15_Resultats_Communes_T2c.xlsx"


@pytest.fixture(autouse=True)
def no_downloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default download directory at an empty place (as on a fresh machine)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "ballottage" / "downloads"


@pytest.fixture
def rounds(hdf_commune_rounds: Any) -> Any:
    return hdf_commune_rounds


def write_text(path: Path, rows: list[list[object]]) -> Path:
    path.write_text("\n".join(";".join(str(v) for v in r) for r in rows) + "\n", encoding="utf-8")
    return path


def _column(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        name = chr(65 + rem) + name
    return name


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """A one-sheet workbook with inline strings: enough for python-calamine."""
    ns = 'xmlns="http://schemas.openxmlformats.org/'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet_rows = []
    for r, row in enumerate(rows, 1):
        cells = [
            f'<c r="{_column(c)}{r}"><v>{v}</v></c>'
            if isinstance(v, int | float)
            else f'<c r="{_column(c)}{r}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'
            for c, v in enumerate(row)
        ]
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            (
                f'<Types {ns}package/2006/content-types">'
                '<Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
            ),
        )
        z.writestr(
            "_rels/.rels",
            (
                f'<Relationships {ns}package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                "</Relationships>"
            ),
        )
        z.writestr(
            "xl/workbook.xml",
            (
                f'<workbook {ns}spreadsheetml/2006/main" xmlns:r="{rel}"><sheets>'
                '<sheet name="Communes" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ),
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            (
                f'<Relationships {ns}package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
                "</Relationships>"
            ),
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            (
                f'<worksheet {ns}spreadsheetml/2006/main"><sheetData>{"".join(sheet_rows)}'
                "</sheetData></worksheet>"
            ),
        )
    return path


# ---- Must show -----------------------------------------------------------------------------


def test_offline_without_files_names_the_round2_file_and_the_fetch_command(
    tmp_path: Path,
) -> None:
    result = run(tmp_path / "s.duckdb", "transfers", "2015", "--region", "HDF")
    assert result.exit_code == 2
    assert T2_NAME in result.stderr
    assert "regionales-2015-t2-communes" in result.stderr
    assert "ballottage fetch regionales-2015-t2-communes" in result.stderr
    assert "--round2-file" in result.stderr


def test_validate_hdf_seed_3_reports_error_worst_cell_and_coverage(tmp_path: Path) -> None:
    args = ("transfers", "validate", "--region", "HDF", "--truth", str(TRUTH), "--seed", "3")
    args += ("--method", "goodman")
    out = data(run(tmp_path / "s.duckdb", *args, "--json"))
    assert out["units"] == 145 and out["unit_level"] == "canton"
    assert {"mae", "max_abs_error", "coverage", "units", "weighted_mae"} <= set(out)
    assert out["mae"] < 0.03
    assert out["weighted_mae"] < out["mae"] < out["max_abs_error"] < 0.15
    assert out["interval_level"] == 0.9 and 0.75 <= out["coverage"] <= 1.0
    assert out["worst_cell"]["error"] == out["max_abs_error"]
    assert out["categories"]["others"][-1] == "blank-null"
    assert out["estimate"]["rows"] == [
        "LE PEN Marine",
        "BERTRAND Xavier",
        "DE SAINTIGNON Pierre",
        "others",
        "abstention",
    ]
    text = run(tmp_path / "s.duckdb", *args)
    assert text.exit_code == 0, text.output
    for words in ("Mean absolute error per cell", "per voter", "Worst cell", "Coverage of the 90"):
        assert words in text.stdout


def test_estimate_writes_a_scenario_that_simulate_runs_unchanged(
    tmp_path: Path, rounds: tuple[list[list[object]], list[list[object]], dict[str, Any]]
) -> None:
    rows1, rows2, expected = rounds
    db = tmp_path / "s.duckdb"
    r1 = write_text(tmp_path / "t1.csv", rows1)
    r2 = write_text(tmp_path / "t2.csv", rows2)
    out = tmp_path / "estimated.toml"
    result = run(
        db,
        "transfers",
        "2015",
        "--region",
        "HDF",
        "--round1-file",
        str(r1),
        "--round2-file",
        str(r2),
        "--bootstrap",
        "200",
        "--seed",
        "1",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "communes used" in result.stdout and "Fit:" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert tomllib.loads(text)["lineup"]["stand"] == ["BERTRAND Xavier", "LE PEN Marine"]
    assert '[transfers."ROUSSEL Fabien"]' in text and "merged into 'others'" in text
    projected = data(run(db, "project", str(out), "--json"))
    votes = {item["list"]: item["votes"] for item in projected["allocation"]["lists"]}
    for head in ("LE PEN Marine", "BERTRAND Xavier"):
        assert votes[head] == pytest.approx(expected[head], rel=0.02)
    simulated = data(run(db, "simulate", str(out), "--draws", "2000", "--seed", "1", "--json"))
    chances = {item["list"]: item["p_first"] for item in simulated["lists"]}
    assert chances["BERTRAND Xavier"] > 0.95


def test_validate_by_default_uses_em_ipf_and_its_calibrated_intervals(tmp_path: Path) -> None:
    # On this synthetic round 2 every canton follows one matrix up to noise (Goodman's own
    # model): em-ipf is less accurate there than the regression (docs/transfers.md), but holds.
    args = ("transfers", "validate", "--region", "HDF", "--truth", str(TRUTH), "--seed", "3")
    out = data(run(tmp_path / "s.duckdb", *args, "--json"))
    assert out["estimate"]["method"].startswith("EM with IPF unit tables")
    assert out["estimate"]["diagnostics"]["converged"] is True
    assert out["weighted_mae"] < out["mae"] < 0.06 and out["max_abs_error"] < 0.15
    assert out["coverage"] >= 0.75


# ---- the estimate itself -------------------------------------------------------------------


def test_estimate_json_recovers_the_known_matrix_with_an_interval_per_cell(
    tmp_path: Path, rounds: tuple[list[list[object]], list[list[object]], dict[str, Any]]
) -> None:
    rows1, rows2, _ = rounds
    r1 = write_text(tmp_path / "t1.csv", rows1)
    r2 = write_text(tmp_path / "t2.csv", rows2)
    out = data(
        run(
            tmp_path / "s.duckdb",
            "transfers",
            "2015",
            "--region",
            "HDF",
            "--round1-file",
            str(r1),
            "--round2-file",
            str(r2),
            "--bootstrap",
            "200",
            "--json",
        )
    )
    assert out["units"] == len(rows1) - 1 and out["unit_level"] == "commune"
    assert out["cols"] == ["BERTRAND Xavier", "LE PEN Marine", "abstention", "blank-null"]
    assert out["rows"][:3] == ["LE PEN Marine", "BERTRAND Xavier", "DE SAINTIGNON Pierre"]
    shares, lower, upper = (np.array(out[k], dtype=float) for k in ("shares", "lower", "upper"))
    assert np.allclose(shares.sum(axis=1), 1.0)
    assert (lower <= shares + 1e-12).all() and (shares <= upper + 1e-12).all()
    assert shares[0, 1] == pytest.approx(0.93, abs=0.05)
    assert shares[1, 0] == pytest.approx(0.93, abs=0.05)
    assert out["fit"]["rmse"] < 0.05 and out["fit"]["r2"]["LE PEN Marine"] > 0.8


def test_downloaded_copies_are_found_and_imported(
    tmp_path: Path,
    no_downloads: Path,
    rounds: tuple[list[list[object]], list[list[object]], dict[str, Any]],
) -> None:
    rows1, rows2, _ = rounds
    no_downloads.mkdir(parents=True)
    write_xlsx(no_downloads / T1_NAME, rows1)
    write_xlsx(no_downloads / T2_NAME, rows2)
    out = data(
        run(
            tmp_path / "s.duckdb",
            "transfers",
            "2015",
            "--region",
            "HDF",
            "--bootstrap",
            "20",
            "--json",
        )
    )
    assert out["units"] == len(rows1) - 1


def test_round2_by_commune_without_round1_by_commune_names_the_round1_file(
    tmp_path: Path, rounds: tuple[list[list[object]], list[list[object]], dict[str, Any]]
) -> None:
    r2 = write_text(tmp_path / "t2.csv", rounds[1])
    result = run(
        tmp_path / "s.duckdb", "transfers", "2015", "--region", "HDF", "--round2-file", str(r2)
    )
    assert result.exit_code == 2
    assert T1_NAME in result.stderr
    assert "ballottage fetch regionales-2015-t1-communes" in result.stderr
    assert "does not know the canton of each commune" in result.stderr


def test_unknown_method_and_mismatched_truth_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    result = run(db, "transfers", "2015", "--region", "HDF", "--method", "pyei")
    assert result.exit_code == 2 and "--method" in result.stderr
    result = run(db, "transfers", "validate", "--region", "IDF", "--truth", str(TRUTH))
    assert result.exit_code == 2 and "Hauts-de-France" in result.stderr


@pytest.mark.ei
@pytest.mark.slow
def test_hierarchical_method_reports_its_convergence_in_json_and_text(tmp_path: Path) -> None:
    pytest.importorskip("pyei")
    args = ("transfers", "validate", "--region", "HDF", "--truth", str(TRUTH), "--seed", "3")
    short = ("--method", "hierarchical", "--draws", "30", "--tune", "30")
    out = data(run(tmp_path / "s.duckdb", *args, *short, "--json"))
    assert out["units"] == 145 and {"mae", "max_abs_error", "coverage"} <= set(out)
    assert out["estimate"]["method"].startswith("hierarchical R×C")
    diagnostics = out["estimate"]["diagnostics"]
    assert diagnostics["chains"] == 4 and diagnostics["draws"] == 30
    assert diagnostics["converged"] is False  # 120 draws cannot reach an ESS of 400
    text = run(tmp_path / "s.duckdb", *args, *short)
    assert text.exit_code == 0, text.output
    assert "NOT CONVERGED" in text.stdout and "R̂ max" in text.stdout


def test_hierarchical_method_without_pyei_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyei", None)
    monkeypatch.setitem(sys.modules, "pyei.r_by_c", None)
    args = ("transfers", "validate", "--region", "HDF", "--truth", str(TRUTH))
    result = run(tmp_path / "s.duckdb", *args, "--method", "hierarchical")
    assert result.exit_code == 2
    assert "pip install 'ballottage[ei]'" in result.stderr


@pytest.mark.ei
@pytest.mark.slow
def test_hierarchical_estimate_written_with_o_runs_through_simulate(
    tmp_path: Path, rounds: tuple[list[list[object]], list[list[object]], dict[str, Any]]
) -> None:
    pytest.importorskip("pyei")
    rows1, rows2, _ = rounds
    db = tmp_path / "s.duckdb"
    r1 = write_text(tmp_path / "t1.csv", rows1)
    r2 = write_text(tmp_path / "t2.csv", rows2)
    out = tmp_path / "hierarchical.toml"
    files = ("--round1-file", str(r1), "--round2-file", str(r2))
    short = ("--method", "hierarchical", "--draws", "30", "--tune", "30", "--chains", "2")
    result = run(db, "transfers", "2015", "--region", "HDF", *files, *short, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Sampling the hierarchical model" in result.stderr
    assert "NOT CONVERGED" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert "--method hierarchical" in text and "# WARNING: the sampler did NOT converge" in text
    simulated = data(run(db, "simulate", str(out), "--draws", "500", "--seed", "1", "--json"))
    assert {item["list"] for item in simulated["lists"]} == {"BERTRAND Xavier", "LE PEN Marine"}


# ---- bring your own units; the benchmark on known answers ----------------------------------


def test_estimate_from_a_units_file_in_json_and_text(tmp_path: Path) -> None:
    truth = write_district(tmp_path / "D" / "01_x", 5)
    units = tmp_path / "D" / "01_x" / "units.csv"
    out = data(runner.invoke(app, ["transfers", "estimate", "--units", str(units), "--json"]))
    assert out["units_file"] == str(units) and out["dropped_rows"] == []
    assert out["empty_units"] == 0
    assert out["rows"] == out["cols"] == ["Left", "Right", "Abst"] and out["units"] == 40
    assert out["method"].startswith("EM with IPF unit tables")
    assert out["diagnostics"]["converged"] is True
    shares = np.array(out["shares"])
    true_shares = truth / truth.sum(axis=1, keepdims=True)
    assert np.abs(shares - true_shares).max() < 0.08
    lower, upper = np.array(out["lower"]), np.array(out["upper"])
    assert (lower <= shares).all() and (shares <= upper).all()
    text = runner.invoke(app, ["transfers", "--units", str(units), "--method", "lphom"])
    assert text.exit_code == 0, text.output
    assert (
        "40 units used" in text.stdout and "lphom" in text.stdout and "no intervals" in text.stdout
    )


def test_units_file_refuses_a_store_election_and_a_bad_file(tmp_path: Path) -> None:
    write_district(tmp_path / "D" / "01_x", 5)
    units = str(tmp_path / "D" / "01_x" / "units.csv")
    mixed = runner.invoke(app, ["transfers", "estimate", "2015", "--units", units])
    assert mixed.exit_code == 2 and "takes no election, --region or -o" in mixed.stderr
    neither = runner.invoke(app, ["transfers", "estimate"])
    assert neither.exit_code == 2 and "give an election and --region, or --units" in neither.stderr
    (tmp_path / "bad.csv").write_text("unit,a,b\n1,2,3\n", encoding="utf-8")
    bad = runner.invoke(app, ["transfers", "estimate", "--units", str(tmp_path / "bad.csv")])
    assert bad.exit_code == 2 and "needs 'r:<label>' and 'c:<label>' columns" in bad.stderr


def test_benchmark_json_per_district_and_on_average(tmp_path: Path) -> None:
    for name in ("A/01_x", "A/02_y", "B/01_z"):
        write_district(tmp_path / name, len(name) + 1)
    args = ["transfers", "benchmark", str(tmp_path), "--method", "em-ipf", "--method", "lphom"]
    out = data(runner.invoke(app, [*args, "--json"]))
    assert out["methods"] == ["em-ipf", "lphom"] and out["interval_level"] == 0.9
    assert len(out["districts"]) == 6
    first = out["districts"][0]
    assert first["dataset"] == "A" and first["district"] == "01_x" and first["method"] == "em-ipf"
    for key in ("ei", "coverage_votes", "coverage_rows", "coverage_cells", "width", "seconds"):
        assert key in first and key in out["summary"]["em-ipf"]["all"] and key in out["definitions"]
    assert set(out["summary"]["em-ipf"]) == {"all", "A", "B"}
    assert out["summary"]["em-ipf"]["all"]["districts"] == 3
    assert out["summary"]["em-ipf"]["all"]["not_converged"] == 0
    assert first["converged"] is True and out["districts"][1]["converged"] is None
    assert out["summary"]["lphom"]["all"]["coverage_votes"] is None
    assert out["summary"]["em-ipf"]["all"]["ei"] < 10
    text = runner.invoke(app, args)
    assert text.exit_code == 0, text.output
    assert "Per district" in text.stdout and "On average" in text.stdout


def test_benchmark_refuses_an_unknown_method_and_an_empty_folder(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["transfers", "benchmark", str(tmp_path), "--method", "ei.MD"])
    assert bad.exit_code == 2 and "must be one of em-ipf" in bad.stderr
    empty = runner.invoke(app, ["transfers", "benchmark", str(tmp_path)])
    assert empty.exit_code == 2 and "holds no <district>/units.csv" in empty.stderr

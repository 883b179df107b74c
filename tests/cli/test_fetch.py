"""`ballottage fetch` against a local HTTP server on 127.0.0.1 serving ../shared/data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ballottage.cli import app
from tests.cli.invoke import served

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
WORKBOOK = "regionales_2015/minint_t1_workbook/reg2015_T1_minint.xlsx"

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not beside the repo")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with served(SHARED) as url:
        yield url


def test_fetch_a_given_address_writes_the_exact_bytes(server: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["fetch", "--url", f"{server}/{WORKBOOK}", "--to", str(tmp_path), "--json"]
    )
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)["files"]
    original = (SHARED / WORKBOOK).read_bytes()
    written = Path(entry["path"]).read_bytes()
    assert written == original
    assert entry["sha256"] == hashlib.sha256(original).hexdigest()
    assert [p.name for p in tmp_path.iterdir()] == ["reg2015_T1_minint.xlsx"]


def test_fetch_from_a_mirror_names_the_missing_file_and_leaves_nothing(
    server: str, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        app, ["fetch", "2015", "--base-url", server, "--to", str(tmp_path), "--json"]
    )
    assert result.exit_code == 2
    assert "HTTP 404" in result.stderr
    assert "Reg_15_Resultats_Communes_T1_c.xlsx" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_fetch_refuses_an_unknown_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["fetch", "1999", "--to", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown official file '1999'" in result.stderr

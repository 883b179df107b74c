"""Every shipped example runs: documented files cannot go stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ballottage.cli import app

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.toml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_projects_to_a_full_council(example: Path, db: str) -> None:
    result = CliRunner().invoke(app, ["project", str(example), "--json", "--db", db])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    allocation = data["allocation"]
    assert sum(item["seats"] for item in allocation["lists"]) == allocation["seats_total"]
    assert allocation["bonus"]["seats"] > 0


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 6

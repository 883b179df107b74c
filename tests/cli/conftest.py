"""Fixtures of the command-line tests: a fresh store per test module."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of its own for the module (created by the first command that opens it)."""
    return str(tmp_path_factory.mktemp("store") / "ballottage.duckdb")

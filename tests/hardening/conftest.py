"""Fixtures of the hardening suite: copies of the source files to damage, stores to compare."""

from __future__ import annotations

from pathlib import Path

import pytest

from ballottage.data.store import Store
from tests.hardening.corpus import SHARED, data_copy

needs_shared = pytest.mark.skipif(
    not (SHARED / "regionales_2015").is_dir(),
    reason=f"source files not found under {SHARED} (clone shared/ beside the repository)",
)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A copy of the 2015 source files, to damage."""
    if not (SHARED / "regionales_2015").is_dir():
        pytest.skip(f"source files not found under {SHARED}")
    return data_copy(tmp_path / "data")


def store_rows(db: Path) -> dict[str, int]:
    """Rows per table of the store at ``db`` (what an import changed)."""
    with Store(db) as store:
        return store.counts()

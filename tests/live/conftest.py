"""Fixtures of the election-night tests: the bundled store, and a night's units to replay."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from ballottage.data import Store, open_store
from ballottage.live.feed import UnitResult
from ballottage.live.replay import night_units


@pytest.fixture(scope="package")
def bundled() -> Iterator[Store]:
    """The bundled figures in memory (read only by the tests)."""
    with open_store(":memory:") as store:
        yield store


@pytest.fixture(scope="package")
def units_2021(bundled: Store) -> tuple[UnitResult, ...]:
    """Round 1 of 2021 by department, as a replay publishes it."""
    units, _ = night_units(bundled, "regionales-2021", 1, "department")
    return units


START = datetime(2021, 6, 20, 20, 0)

"""Request bodies of the JSON API, checked by Pydantic before any work starts.

A body is a scenario (:class:`~ballottage.scenarios.ScenarioSpec`, the model a scenario file
is read into: ``docs/scenarios.md``), so the web page and ``ballottage project`` share every
check and message; ``/api/simulate`` adds the Monte Carlo's size and seed.

>>> body = ScenarioRequest(election="2015", region="HDF", withdraw=["DE SAINTIGNON Pierre"])
>>> body.withdraw, body.turnout
(('DE SAINTIGNON Pierre',), None)
"""

from __future__ import annotations

from pydantic import Field

from ballottage.scenarios.spec import ScenarioSpec

MAX_DRAWS = 200_000
"""Monte Carlo draws one request may ask for."""

DEFAULT_DRAWS = 20_000


class ScenarioRequest(ScenarioSpec):
    """One region's round 2: who stands, who merges, turnout, and transfer rows."""


class SimulateRequest(ScenarioRequest):
    """A scenario and the Monte Carlo's size and seed."""

    draws: int = Field(default=DEFAULT_DRAWS, ge=1, le=MAX_DRAWS)
    seed: int = Field(default=0, ge=0, le=2**32 - 1)

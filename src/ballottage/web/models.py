"""Request bodies of the JSON API, checked by Pydantic before any work starts.

A body says what a scenario file says (``docs/scenarios.md``): the line-up, an optional
round-2 turnout, and transfer rows; :func:`scenario_toml` writes it as that file, so the
web page and ``ballottage project`` read scenarios through the same checks.

>>> body = ScenarioRequest(election="2015", region="HDF", withdraw=["DE SAINTIGNON Pierre"])
>>> print(scenario_toml(body))
[scenario]
election = "2015"
region = "HDF"
<BLANKLINE>
[lineup]
withdraw = [
    "DE SAINTIGNON Pierre",
]
<BLANKLINE>
"""

from __future__ import annotations

from typing import Annotated, Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MAX_DRAWS = 200_000
"""Monte Carlo draws one request may ask for."""

DEFAULT_DRAWS = 20_000

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]


class ScenarioRequest(BaseModel):
    """One region's round 2: who stands, who merges, turnout, and transfer rows."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    election: Name = Field(description="Election id (regionales-2015) or year (2015).")
    region: Name = Field(description="Region: INSEE code, name or abbreviation.")
    title: Annotated[str, StringConstraints(max_length=200)] | None = None
    stand: list[Name] | None = Field(
        default=None,
        max_length=60,
        description="The round-2 lists; default: every list that may stand, except withdraw.",
    )
    withdraw: list[Name] = Field(default_factory=list, max_length=60)
    merge: dict[Name, list[Name]] = Field(
        default_factory=dict, max_length=30, description="HOST: [partners merged into it]."
    )
    turnout: float | None = Field(
        default=None, gt=0.0, le=1.0, description="Round-2 votants over inscrits."
    )
    transfers: dict[Name, dict[Name, Share]] = Field(
        default_factory=dict,
        max_length=80,
        description=(
            "Rows SOURCE: {DESTINATION: share}; a source is a round-1 list, abstention or "
            "blank-null; each row adds up to 1. Rows left out come from the defaults."
        ),
    )


class SimulateRequest(ScenarioRequest):
    """A scenario and the Monte Carlo's size and seed."""

    draws: int = Field(default=DEFAULT_DRAWS, ge=1, le=MAX_DRAWS)
    seed: int = Field(default=0, ge=0, le=2**32 - 1)


def scenario_toml(body: ScenarioRequest) -> str:
    """The scenario file the body stands for."""
    head: dict[str, Any] = {"election": body.election, "region": body.region}
    if body.title:
        head["title"] = body.title
    document: dict[str, Any] = {"scenario": head}
    lineup: dict[str, Any] = {}
    if body.stand is not None:
        lineup["stand"] = body.stand
    if body.withdraw:
        lineup["withdraw"] = body.withdraw
    if body.merge:
        lineup["merge"] = body.merge
    if lineup:
        document["lineup"] = lineup
    if body.turnout is not None:
        document["turnout"] = {"round2": body.turnout}
    if body.transfers:
        document["transfers"] = body.transfers
    return tomli_w.dumps(document)

"""A made-up region for the scenario tests, and a scenario of it written as a file."""

from __future__ import annotations

from ballottage.scenarios import Round1Figures, Round1List, Scenario, parse_scenario

# A made-up region: 10 000 inscrits, 6 000 votants, 5 850 exprimés, 20 seats.
DEMO = Round1Figures(
    election="regionales-2015",
    region="Demo",
    region_code="00",
    rules="regionales-2015",
    seats=20,
    inscrits=10_000,
    votants=6_000,
    blancs=100,
    nuls=50,
    lists=(
        Round1List("MARTIN Anne", 2400, "LFN", "far-right"),  # 41.0 %: stands
        Round1List("DURAND Paul", 1500, "LUD", "right"),  # 25.6 %: stands
        Round1List("PETIT Luc", 1100, "LUG", "left"),  # 18.8 %: stands
        Round1List("ROUX Éva", 400, "LVEC", "ecologist"),  # 6.8 %: may merge
        Round1List("LEROY Jean", 250, "LDLF", "right"),  # 4.3 %: out
        Round1List("MOREAU Léa", 200, "LEXG", "extreme-left"),  # 3.4 %: out
    ),
)
HEAD = '[scenario]\nelection = "regionales-2015"\nregion = "Demo"\n'


def demo(election: str, region: str) -> Round1Figures:
    assert (election, region) in {("regionales-2015", "Demo"), ("2015", "Demo")}
    return DEMO


def scenario(body: str = "", *, source: str = "demo.toml") -> Scenario:
    return parse_scenario(HEAD + body, demo, source=source)

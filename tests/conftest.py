"""Shared test fixtures: the bundled store and its reports, built once per test run, and
synthetic results by commune for Hauts-de-France 2015.

Each Hauts-de-France department of the bundled round 1 is split into communes (every count split
exactly, so the store's sums check) and round 2 is drawn from the known matrix of
``examples/transfers-truth-hdf.toml``; both are tables in the Ministry's wide layout.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ballottage.data import Store, open_store
from ballottage.inference import synthesize_round2
from ballottage.scenarios import parse_scenario
from ballottage.scenarios.store import round1_figures
from tests.ministry_layout import commune_header

os.environ["BALLOTTAGE_RESIDENT"] = "0"  # no test leaves a resident behind, unless it asks for one
TRUTH = Path(__file__).resolve().parents[1] / "examples" / "transfers-truth-hdf.toml"
COMMUNES = 30
CommuneRounds = tuple[list[list[object]], list[list[object]], dict[str, Any]]


def _row(
    dep: str,
    k: int,
    lists: list[tuple[int, str, str]],
    votes: list[int],
    abstentions: int,
    blancs: int,
    nuls: int,
) -> list[object]:
    exprimes = sum(votes)
    votants = exprimes + blancs + nuls
    row: list[object] = [
        str(int(dep)),
        f"DEP {dep}",
        str(k + 1),
        f"Commune {dep}-{k + 1}",
        votants + abstentions,
        abstentions,
        votants,
        blancs,
        nuls,
        exprimes,
    ]
    for (number, nuance, head), v in zip(lists, votes, strict=True):
        row += [number, nuance, head[:12], f"Liste {head}", head, v]
    return row


def commune_rounds(seed: int = 7) -> CommuneRounds:
    """Round-1 and round-2 tables by commune, and what round 2 holds in total."""
    rng = np.random.default_rng(seed)
    with open_store(":memory:") as store:
        deps = store.round_results("regionales-2015", "HDF", 1, "department").areas
        figures = round1_figures(store, "2015", "HDF")
    scenario = parse_scenario(TRUTH.read_text(encoding="utf-8"), lambda e, r: figures)
    truth = np.array([row.shares for row in scenario.rows])
    heads = [row.source for row in scenario.rows][:-2]
    info = {lv.list.head: (lv.list.number, lv.list.nuance or "") for lv in deps[0].lists}
    lists1 = [(info[h][0], info[h][1], h) for h in heads]
    lists2 = [(info[h][0], info[h][1], h) for h in scenario.standing]
    rows1, rows2 = [commune_header(len(lists1))], [commune_header(len(lists2))]
    totals = np.zeros(len(scenario.destinations))
    for dep in deps:
        t = dep.turnout
        assert t.inscrits and t.votants and t.blancs is not None and t.nuls is not None
        votes = dep.votes_by_head()
        whole = [votes[h] for h in heads] + [t.inscrits - t.votants, t.blancs, t.nuls]
        size = rng.lognormal(0.0, 0.8, COMMUNES)
        tilt = rng.gamma(4.0, 1.0, (COMMUNES, len(whole)))
        split = np.array(
            [
                rng.multinomial(n, size * tilt[:, c] / (size * tilt[:, c]).sum())
                for c, n in enumerate(whole)
            ]
        ).T
        split = split[split.sum(axis=1) > 0]
        n = len(heads)
        categories = np.column_stack([split[:, :n], split[:, n], split[:, n + 1] + split[:, n + 2]])
        second = synthesize_round2(categories, truth, rng=rng)
        totals += second.sum(axis=0)
        code = dep.area.code
        for k, (one, two) in enumerate(zip(split, second, strict=True)):
            rows1.append(_row(code, k, lists1, one[:n].tolist(), *map(int, one[n:])))
            blancs = int(rng.binomial(two[-1], 0.6))
            rows2.append(
                _row(
                    code, k, lists2, two[:-2].tolist(), int(two[-2]), blancs, int(two[-1]) - blancs
                )
            )
    expected = dict(zip(scenario.destinations, totals.tolist(), strict=True))
    return rows1, rows2, expected


@pytest.fixture(scope="session")
def bundled_store() -> Iterator[Store]:
    """The store filled from the bundled figures, once per test run: read it, never write it."""
    with Store(":memory:") as store:
        store.load_bundled()
        yield store


@pytest.fixture(scope="session")
def report_2015(bundled_store: Store) -> str:
    """The HTML report of the 2015 regional elections from the bundled figures."""
    from ballottage.report.build import build_report

    return build_report(bundled_store, "2015")


@pytest.fixture(scope="session")
def report_all(bundled_store: Store) -> str:
    """The HTML report of every bundled election."""
    from ballottage.report.build import build_report

    return build_report(bundled_store, "all")


@pytest.fixture(scope="session")
def hdf_commune_rounds() -> CommuneRounds:
    """Round-1 and round-2 tables of Hauts-de-France by commune, and round 2's totals."""
    return commune_rounds()

"""Election night, measured: replays of real nights, and the speed of the projection.

Run: ``python bench/live.py [--replays 20] [--draws 2000] [--only r1-dep,r1-canton,r2-canton]``.

Nights (the 12 mainland regions each; data from the bundled store):

* ``r1-dep``: round 1 2021 by department, against round 1 2015 in the same departments
  (lists matched by family);
* ``r1-canton``: round 1 2015 by canton; the store holds no earlier election by canton, so the
  baseline is each canton's inscrits alone (the model corrects by size and department only);
* ``r2-canton``: round 2 on the real 2015 round-1 cantons, drawn by ``live.synthetic`` from
  context-dependent transfers (a new draw for every replay).

Every region is replayed ``--replays`` times in the realistic order (small units first, with a
jitter) and as many times in a random order; at 10/25/50/75 % of inscrits counted the
projection (``--draws`` draws) is scored against the final result. The naive model (no
covariate correction: uncounted units assumed to look like counted ones) is scored on the same
replays for comparison. Speed: every region re-projected with 10 000 draws, on cantons and on
35 000 commune-like units (each canton split in ~17 by a multinomial draw).
"""

from __future__ import annotations

import argparse
import importlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from types import MappingProxyType
from typing import Any

import numpy as np

from ballottage.inference.em_ipf import fit_em_ipf
from ballottage.live.model_data import RegionData, inscrits_only, night_for, region_units
from ballottage.live.model_replay import CHECKPOINTS, Score, replay, reporting_order
from ballottage.live.model_units import night_arrays
from ballottage.live.projection import RegionNight, UnitCount, project_region
from ballottage.live.synthetic import plausible_lineup, synthetic_transfers
from ballottage.simulation.batch import allocate_batch

GOALS = {
    "mae": "< 1.5 pt at 25 %",
    "coverage": "85–95 % at 25 %",
    "winner": "100 % at 50 % (margin > 3 pt)",
    "calibration": "within 10 pt",
}
BINS = ((0.0, 0.1), (0.1, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.0001))

Case = tuple[RegionNight, dict[str, UnitCount]]


def nights(kind: str, replay_seed: int) -> Iterator[Case]:
    """Every region's night of ``kind`` (counted = nothing yet) with its final units."""
    if kind == "r1-dep":
        current = _units("regionales-2021", 1, "department")
        baseline = _units("regionales-2015", 1, "department")
        for code, region in current.items():
            base = baseline[code]
            families = {**base.families, **region.families}
            night = night_for(
                "regionales-2021", region, base.units, {}, round_=1, families=families
            )
            yield night, dict(region.units)
    elif kind == "r1-canton":
        for region in _units("regionales-2015", 1, "canton").values():
            blank = inscrits_only(region.units)
            yield night_for("regionales-2015", region, blank, {}, round_=1), dict(region.units)
    else:
        for region in _units("regionales-2015", 1, "canton").values():
            yield _round2(region, replay_seed)


_CACHE: dict[tuple[str, int, str], dict[str, RegionData]] = {}


def _units(election: str, round_: int, level: str) -> dict[str, RegionData]:
    key = (election, round_, level)
    if key not in _CACHE:
        _CACHE[key] = region_units(election, round_, level)
    return _CACHE[key]


def _round2(region: RegionData, seed: int) -> Case:
    lineup = plausible_lineup(region.units, region.families, region.rules)
    final = dict(synthetic_transfers(region.units, lineup, seed).units)
    return night_for("regionales-2015", region, region.units, {}, round_=2), final


def measure(kind: str, replays: int, draws: int) -> dict[tuple[str, str], list[Score]]:
    """Scores by (order, model) over every region and replay."""
    scores: dict[tuple[str, str], list[Score]] = defaultdict(list)
    for r in range(replays):
        rng = np.random.default_rng(1000 + r)
        for night, final in nights(kind, r):
            for order in ("realistic", "random"):
                codes = reporting_order(final, order, rng)
                for model, corrected in (("corrected", True), ("naive", False)):
                    scores[(order, model)] += replay(
                        night, final, codes, draws=draws, seed=r, correction=corrected
                    )
    return scores


def _table(kind: str, scores: dict[tuple[str, str], list[Score]]) -> None:
    print(
        f"\n## {kind}: share error, 90 % coverage, winner (goals: {GOALS['mae']}, "
        f"coverage {GOALS['coverage']}, winner {GOALS['winner']})"
    )
    print(
        f"{'order':10} {'model':9} {'target':>6} {'counted':>7} {'n':>4} {'MAE pt':>7} "
        f"{'cover':>6} {'winner':>7} {'win>3pt':>8}"
    )
    for (order, model), rows in sorted(scores.items()):
        for target in CHECKPOINTS:
            at = [s for s in rows if s.target == target]
            if not at:
                continue
            errors = [e for s in at for e in s.errors]
            covered = [c for s in at for c in s.covered]
            clear = [s.winner_right for s in at if s.margin > 3]
            print(
                f"{order:10} {model:9} {target:6.0%} {np.mean([s.counted for s in at]):7.1%} "
                f"{len(at):4d} {np.mean(errors):7.2f} {np.mean(covered):6.1%} "
                f"{np.mean([s.winner_right for s in at]):7.1%} "
                f"{(np.mean(clear) if clear else float('nan')):8.1%}"
            )
    for (order, model), rows in sorted(scores.items()):
        if model != "corrected":
            continue
        print(f"calibration ({order}, all checkpoints; goal {GOALS['calibration']}):")
        calls = [c for s in rows for c in s.calls]
        for low, high in BINS:
            inside = [(p, won) for p, won in calls if low <= p < high]
            if inside:
                stated = np.mean([p for p, _ in inside])
                seen = np.mean([won for _, won in inside])
                print(
                    f"  stated {low:4.0%}–{min(high, 1):4.0%}: n={len(inside):5d} "
                    f"mean stated {stated:6.1%}  came first {seen:6.1%}  "
                    f"gap {100 * (seen - stated):+5.1f} pt"
                )


def _communes(
    units: MappingProxyType[str, UnitCount], rng: np.random.Generator
) -> dict[str, UnitCount]:
    """Each canton split into ~17 commune-like units (multinomial split of every count)."""
    out = {}
    for code, unit in units.items():
        parts = max(1, int(rng.poisson(17)))
        weights = rng.dirichlet(np.ones(parts))
        names = sorted(unit.votes)
        counts = [unit.inscrits - unit.exprimes, *(unit.votes[n] for n in names)]
        split = np.stack([rng.multinomial(c, weights) for c in counts], axis=1)
        for k in range(parts):
            votes = {n: int(v) for n, v in zip(names, split[k, 1:], strict=True)}
            exprimes = sum(votes.values())
            inscrits = exprimes + int(split[k, 0])
            if inscrits:
                out[f"{code}-{k:02d}"] = UnitCount(
                    f"{code}-{k:02d}", inscrits, exprimes, exprimes, MappingProxyType(votes)
                )
    return out


def _best(work: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def _reference() -> float:
    """A fixed piece of work to divide timings by: ``allocate_batch`` of 100 000 draws."""
    votes = np.rint(
        np.random.default_rng(0).dirichlet([300, 250, 180, 90, 70, 50, 40, 30], 100_000) * 4e6
    ).astype(np.int64)
    rules = _units("regionales-2015", 1, "department")["11"].rules
    return _best(lambda: allocate_batch(votes, rules, seats=209))


def speed(draws: int = 10_000) -> None:
    """Every region re-projected (round 2, half counted), on cantons and on commune-like units."""
    print(
        "\n## speed (one core; goal: a batch of 1 000 units ingested + every region "
        "re-projected with 10 000 draws < 1 s; ~35 000 communes ingested < 5 s)"
    )
    reference = _reference()
    print(f"  reference (allocate_batch, 100 000 draws × 8 lists): {reference:.3f} s")
    regions = _units("regionales-2015", 1, "canton")
    rng = np.random.default_rng(7)
    for label, split in (("cantons", False), ("commune-like units", True)):
        cases = []
        for region in regions.values():
            units = _communes(region.units, rng) if split else dict(region.units)
            lineup = plausible_lineup(units, region.families, region.rules)
            final = synthetic_transfers(units, lineup, 1).units
            order = reporting_order(final, "realistic", rng)
            counted = {c: final[c] for c in order[: len(order) // 2]}
            cases.append(night_for("regionales-2015", region, units, counted, round_=2))
        total_units = sum(len(n.baseline) for n in cases)
        nights_now = list(cases)

        def work(nights_now: list[RegionNight] = nights_now) -> object:
            return [project_region(n, draws=draws) for n in nights_now]

        best = _best(work)
        print(
            f"  {label}: {total_units} units, 12 regions re-projected (round 2, half counted, "
            f"{draws} draws each): {best:.2f} s (best of 3; {best / reference:.1f}× reference)"
        )
    _em_speed(cases)
    _ingest_speed(cases, draws)


def _ingest_speed(cases: list[RegionNight], draws: int) -> None:
    """The journal's import (livefeed) of a batch of 1 000 communes, timed with the
    re-projection of every region, and of every commune in one batch; skipped when the journal
    is not in this tree (imported by name, so this file runs with or without it)."""
    try:
        feed = importlib.import_module("ballottage.live.feed")
        journal_module = importlib.import_module("ballottage.live.journal")
    except ImportError:
        print("  ingestion: livefeed's journal (ballottage.live.journal) is not in this tree")
        return
    store_module = importlib.import_module("ballottage.data.store")

    def result(region: str, unit: UnitCount) -> Any:
        lists = tuple(feed.ListResult(h, v) for h, v in unit.votes.items())
        code = unit.code.rsplit(":", 1)[-1]
        return feed.UnitResult(
            "commune",
            code,
            "",
            region,
            unit.inscrits,
            unit.votants,
            None,
            None,
            unit.exprimes,
            lists,
        )

    counted = [result(n.region, u) for n in cases for u in n.counted.values()]
    every = [result(n.region, u) for n in cases for u in n.baseline.values()]
    heads = {n.region: {feed.head_key(h): h for h in n.families} for n in cases}
    expected = journal_module.Expected(
        MappingProxyType({u.area: u.region for u in every}), MappingProxyType(heads)
    )

    def timed(units: list[Any], project: bool) -> float:
        with store_module.open_store(":memory:", bundled=False) as store:
            journal = journal_module.Journal(store, "regionales-2015", 2)
            start = time.perf_counter()
            journal.import_batch(feed.Batch("bench", "batch", tuple(units)), expected)
            for night in cases if project else ():
                project_region(night, draws=draws)
            return time.perf_counter() - start

    print(
        f"  a batch of 1 000 communes ingested (journal) + 12 regions re-projected: "
        f"{timed(counted[:1000], True):.2f} s; all {len(every)} communes ingested in one "
        f"batch: {timed(every, False):.2f} s"
    )


def _em_speed(cases: list[RegionNight]) -> None:
    """The transfer fit alone: the estimator's precision (1e-6) against the night's (1e-4)."""
    night = max(cases, key=lambda n: len(n.counted))
    arrays = night_arrays(night.baseline, night.counted, night.families, by_family=False)
    x, y = arrays.x_counted[:400], arrays.y_counted[:400]
    rest = np.maximum(arrays.inscrits_counted[:400] - y.sum(axis=1), 0.0)
    full = np.column_stack([y, rest])
    full *= (x.sum(axis=1) / full.sum(axis=1))[:, None]
    for precision in (1e-6, 1e-4):
        start = time.perf_counter()
        steps = fit_em_ipf(x, full, precision=precision)[2]
        took = time.perf_counter() - start
        print(
            f"  em-ipf on {len(x)} units × {x.shape[1]} round-1 categories, precision "
            f"{precision:g}: {took:.3f} s, {steps} steps"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replays", type=int, default=20)
    parser.add_argument("--draws", type=int, default=2000)
    parser.add_argument("--only", default="r1-dep,r1-canton,r2-canton,speed")
    args = parser.parse_args()
    start = time.perf_counter()
    for kind in args.only.split(","):
        if kind == "speed":
            speed()
        else:
            _table(kind, measure(kind, args.replays, args.draws))
    print(f"\n(bench ran in {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()

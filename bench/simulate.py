"""Speed of the seat allocators and of the Monte Carlo (run: ``python bench/simulate.py``).

One run, the same inputs for every allocator: a council of 209 seats (regionales-2015, bonus
53) and 8 lists whose votes are drawn around a regional round 2 (4 million exprimés).

* exact engine: ``ballottage.law.allocate_council``, one draw at a time (Fractions, trace);
  and its D'Hondt core ``highest_averages`` alone on the same 156 seats as votelib;
* batch: ``ballottage.simulation.allocate_batch`` (int64 numpy, one core);
* votelib 0.4.0: ``HighestAverages("d_hondt")`` for the 156 proportional seats only (the lists
  over the threshold are selected beforehand, outside the timing: votelib has no bonus);
* end to end: ``simulate`` of 1 000 000 round 2s of an Île-de-France-like region (9 round-1
  categories, 3 round-2 lists; illustrative transfers, not estimates).

Goals: batch ≥ 5 million allocations/s, 1 million simulated round 2s in < 5 s.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
from votelib.evaluate.proportional import HighestAverages

from ballottage.law import allocate_council, highest_averages, rule_set
from ballottage.simulation import TransferModel, Turnout, allocate_batch, simulate

SEATS = 209
RULES = rule_set("regionales-2015")
NAMES = tuple(f"L{j}" for j in range(8))


def _votes(draws: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    shares = rng.dirichlet([300, 250, 180, 90, 70, 50, 40, 30], size=draws)
    return np.rint(shares * 4_000_000).astype(np.int64)


def _rate(work: Callable[[], object], items: int, repeat: int) -> float:
    """Best items per second over ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return items / best


def region_model() -> TransferModel:
    """An Île-de-France-like round 2 (rounded, illustrative figures)."""
    return TransferModel.from_shares(
        sources=("LR-UDI", "PS", "FN", "EELV", "FG", "DLF", "others", "abstention", "blank"),
        electorate=(
            1_000_000,
            830_000,
            600_000,
            265_000,
            215_000,
            215_000,
            160_000,
            3_750_000,
            80_000,
        ),
        lists=("Right", "Left", "FN"),
        others=("abstention", "blank/null"),
        shares=[
            [0.93, 0.01, 0.02, 0.035, 0.005],
            [0.04, 0.88, 0.01, 0.06, 0.01],
            [0.04, 0.01, 0.90, 0.04, 0.01],
            [0.08, 0.70, 0.01, 0.17, 0.04],
            [0.03, 0.72, 0.03, 0.18, 0.04],
            [0.40, 0.10, 0.15, 0.30, 0.05],
            [0.25, 0.25, 0.15, 0.30, 0.05],
            [0.05, 0.05, 0.04, 0.85, 0.01],
            [0.10, 0.10, 0.05, 0.45, 0.30],
        ],
        strength=80,
        abstention="abstention",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-draws", type=int, default=2_000_000)
    parser.add_argument("--exact-draws", type=int, default=2_000)
    parser.add_argument("--simulate-draws", type=int, default=1_000_000)
    args = parser.parse_args()

    votes = _votes(args.batch_draws, seed=1)
    rows = votes[: args.exact_draws].tolist()
    dicts = [dict(zip(NAMES, row, strict=True)) for row in rows]
    threshold = RULES.seat_threshold
    eligible = [
        {n: v for n, v in d.items() if v * threshold.denominator >= threshold.numerator * sum(row)}
        for d, row in zip(dicts, rows, strict=True)
    ]
    share = SEATS - RULES.bonus_for(SEATS)
    dhondt = HighestAverages("d_hondt")

    def exact() -> None:
        for d in dicts:
            allocate_council(d, RULES, seats=SEATS)

    def core() -> None:
        for d in eligible:
            highest_averages(d, share)

    def votelib() -> None:
        for d in eligible:
            dhondt.evaluate(d, share)

    allocate_batch(votes[:10_000], RULES, seats=SEATS)  # warm-up
    exact_rate = _rate(exact, len(dicts), 2)
    core_rate = _rate(core, len(eligible), 2)
    votelib_rate = _rate(votelib, len(eligible), 2)
    batch_rate = _rate(lambda: allocate_batch(votes, RULES, seats=SEATS), len(votes), 3)
    print(f"inputs: {SEATS} seats, {len(NAMES)} lists, regionales-2015")
    print(f"exact engine (allocate_council): {exact_rate:>14,.0f} allocations/s")
    print(f"exact D'Hondt (share only):      {core_rate:>14,.0f} allocations/s")
    print(f"votelib D'Hondt (share only):    {votelib_rate:>14,.0f} allocations/s")
    print(f"batch (allocate_batch):          {batch_rate:>14,.0f} allocations/s")
    print(f"batch / exact:   {batch_rate / exact_rate:>10,.0f} x")
    print(f"batch / votelib: {batch_rate / votelib_rate:>10,.0f} x")

    model = region_model()
    for voter_draw in ("moments", "multinomial"):
        start = time.perf_counter()
        summary = simulate(
            model,
            RULES,
            seats=SEATS,
            draws=args.simulate_draws,
            seed=2015,
            turnout=Turnout(1.0, 0.05),
            voter_draw=voter_draw,
        )
        took = time.perf_counter() - start
        print(f"simulate {args.simulate_draws:,} draws ({voter_draw}): {took:.2f} s")
    for item in summary.lists:
        print(
            f"  {item.name:6s} first {item.p_first:.3f} majority {item.p_majority:.3f} "
            f"seats {item.q05}-{item.q50}-{item.q95} (mean {item.mean:.1f})"
        )


if __name__ == "__main__":
    main()

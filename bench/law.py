"""Speed of the exact law engine beside votelib's D'Hondt, on the same inputs, in one run.

A 209-seat council (Île-de-France, table n° 7) and 10 lists. Each engine runs in a loop of
fixed duration (``time.perf_counter``); the script prints calls per second and the ratio.

    python bench/law.py [--seconds 2.0]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from fractions import Fraction

from ballottage.law import allocate_council, highest_averages, rule_set

SEATS = 209
VOTES = {
    "Pécresse": 1_629_410,
    "Bartolone": 1_569_262,
    "Saint-Just": 521_493,
    "Écologistes": 287_221,
    "Front de gauche": 241_344,
    "Debout la France": 138_973,
    "UDI dissidents": 76_000,
    "Lutte ouvrière": 44_381,
    "Union populaire républicaine": 34_917,
    "Nouvelle Donne": 22_450,
}
"""Ten lists of Île-de-France size (round-2 figures for the first three, the rest made up)."""


def rate(call: Callable[[], object], seconds: float, batch: int = 20) -> float:
    """Calls per second of ``call``, timed in a loop of about ``seconds``."""
    call()  # warm up caches and imports
    done = 0
    start = time.perf_counter()
    deadline = start + seconds
    now = start
    while now < deadline:
        for _ in range(batch):
            call()
        done += batch
        now = time.perf_counter()
    return done / (now - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="duration of each loop")
    args = parser.parse_args()

    from votelib.evaluate.core import Conditioned
    from votelib.evaluate.proportional import HighestAverages
    from votelib.evaluate.threshold import RelativeThreshold

    rules = rule_set("regionales-2015")
    bonus = rules.bonus_for(SEATS)
    dhondt = HighestAverages("d_hondt")
    with_threshold = Conditioned(RelativeThreshold(Fraction(1, 20)), dhondt)

    # The same answers first: a benchmark of different results would mean nothing.
    ours = highest_averages(VOTES, SEATS).seats
    theirs = dhondt.evaluate(VOTES, SEATS)
    assert {n: s for n, s in ours.items() if s} == theirs, (ours, theirs)
    council = allocate_council(VOTES, rules, seats=SEATS)
    proportional = with_threshold.evaluate(VOTES, SEATS - bonus)
    assert {n: s for n, s in council.proportional.seats.items() if s} == proportional

    rows = [
        ("ballottage highest_averages (209 seats)", lambda: highest_averages(VOTES, SEATS)),
        ("votelib D'Hondt (209 seats)", lambda: dhondt.evaluate(VOTES, SEATS)),
        (
            "ballottage allocate_council (bonus, 5 %, D'Hondt; trace on demand)",
            lambda: allocate_council(VOTES, rules, seats=SEATS),
        ),
        (
            f"votelib 5 % threshold + D'Hondt ({SEATS - bonus} seats, no bonus)",
            lambda: with_threshold.evaluate(VOTES, SEATS - bonus),
        ),
    ]
    print(f"{len(VOTES)} lists, {SEATS} seats, {args.seconds:g} s per loop")
    rates = {}
    for label, call in rows:
        rates[label] = rate(call, args.seconds)
        print(f"  {label:<62} {rates[label]:>10,.0f} /s")
    labels = [label for label, _ in rows]
    print(
        f"highest_averages / votelib D'Hondt:          {rates[labels[0]] / rates[labels[1]]:.1f}x"
    )
    print(
        f"allocate_council / votelib threshold+D'Hondt: {rates[labels[2]] / rates[labels[3]]:.1f}x"
    )


if __name__ == "__main__":
    main()

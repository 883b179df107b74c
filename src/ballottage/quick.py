"""``ballottage allocate`` in its simple form, without loading Typer (~0.2 s of a 0.3 s run).

The simple form is the documented one: ``allocate [--rules R] [--seats N] [--round 1|2]
[--explain] NAME=VOTES…`` with plain counts. It computes the same law, builds the same
document (:mod:`ballottage.vocabulary`) and prints the same Rich table
(:mod:`ballottage.terminal`) as the full command
(:func:`ballottage.cli.law_commands.allocate_command`); ``tests/cli/test_quick.py`` checks the
output is byte for byte the same. Anything else (``--json``, a file, an option given twice, a
count that is not plain digits, any error) returns ``False`` before printing anything, and the
full command runs: it alone prints errors (but for an output that cannot be written, reported by
the full command's own error path).
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `typing`: importing it costs more than the whole allocation
if TYPE_CHECKING:
    from collections.abc import Sequence

    from ballottage.vocabulary.law import AllocateDoc

VALUED = ("--rules", "--seats", "--round")
FLAGS = ("--explain",)
MAX_DIGITS = 12
"""Counts of at most 12 digits (the full command allows 10¹²); longer ones take the full path."""
MAX_LISTS = 100
"""More lists than that take the full path (which has its own, higher, limit)."""


def simple_arguments(args: Sequence[str]) -> tuple[dict[str, str], dict[str, int]] | None:
    """The options and the votes of a simple ``allocate`` command line, or None.

    >>> simple_arguments(["--seats=19", "A=4000", "B=3000", "--explain"])
    ({'--seats': '19', '--explain': ''}, {'A': 4000, 'B': 3000})
    >>> simple_arguments(["A=4000", "A=3000"]), simple_arguments(["A=4 000"])
    (None, None)
    """
    options: dict[str, str] = {}
    votes: dict[str, int] = {}
    pending = iter(args)
    for arg in pending:
        option, equals, value = arg.partition("=")
        if option in VALUED:
            value = value if equals else next(pending, "")
            if option in options or value.startswith("-") or not value.isprintable():
                return None
            options[option] = value
        elif arg in FLAGS and arg not in options:
            options[arg] = ""
        elif arg.startswith("-") or not equals or not plain_vote(option, value):
            return None
        elif option in votes or len(votes) >= MAX_LISTS:
            return None
        else:
            votes[option] = int(value)
    return (options, votes) if votes else None


def plain_vote(name: str, count: str) -> bool:
    """A list name without surrounding spaces and a count made of at most 12 ASCII digits."""
    return (
        bool(name)
        and name == name.strip()
        and count.isascii()
        and count.isdigit()
        and len(count) <= MAX_DIGITS
    )


def number(text: str | None, default: int | None, digits: int) -> int | None:
    """A plain number of at most ``digits`` digits (the default when absent); -1 if not plain."""
    if text is None:
        return default
    return int(text) if text.isascii() and text.isdigit() and len(text) <= digits else -1


def allocate(args: Sequence[str]) -> bool:
    """Run ``ballottage allocate ARGS`` if they are simple; False (nothing printed) if not."""
    parsed = simple_arguments(args)
    if parsed is None:
        return False
    options, counts = parsed
    seats = number(options.get("--seats"), None, 4)
    round_number = number(options.get("--round"), 2, 1)
    if seats == -1 or round_number not in (1, 2):
        return False
    try:
        data, title = compute(
            options.get("--rules", "regionales-2015"), counts, seats, round_number
        )
    except Exception:  # any error: the full command says it, its own way
        return False
    from ballottage.terminal import print_allocation

    try:
        print_allocation(data, title=title, explain="--explain" in options)
    except Exception as exc:  # the output cannot be written: the full command's one error line
        from ballottage.cli.app import _State, explain, report

        if _State.debug:
            raise
        report(*explain(exc))
        raise SystemExit(2) from None
    return True


def compute(
    rules: str, counts: dict[str, int], seats: int | None, round_number: int | None
) -> tuple[AllocateDoc, str]:
    """The document and the title the full ``allocate`` prints (see its body)."""
    from ballottage.law.allocation import allocate_council
    from ballottage.law.rounds import decide_round1
    from ballottage.law.rules import rule_set
    from ballottage.vocabulary.law import AllocateDoc

    rule = rule_set(rules)
    total = rule.council_size(seats)
    if round_number == 1:
        data = AllocateDoc.of_round1(decide_round1(counts, rule, seats=total), seats_total=total)
    else:
        allocation = allocate_council(counts, rule, seats=total)
        data = AllocateDoc.of(allocation, round_number=2, sections=None)
    return data, f"{rule.title}: round {round_number}"

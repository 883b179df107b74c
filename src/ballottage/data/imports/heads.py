"""Match heads of list spelled by different sources to the store's lists.

The Ministry writes ``NOM Prénom`` (``FELIZIA Jean-Laurent``); other sources write
``Prénom Nom`` (``Jean-Laurent Félizia``), drop or add accents, and misspell names
(``Marc Fesnau`` for ``FESNEAU Marc``). A head is matched to a list when its words are the
same in any order, case and accents aside; failing that, to the one list whose words are
clearly the closest. A head that no list, or several lists, could be is an error: nothing is
guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

from ballottage.data.reference import normalize_name
from ballottage.errors import InconsistentData

CLOSE_ENOUGH = 0.8
"""Least similarity (0 to 1) for a misspelt head to be matched."""
MARGIN = 0.1
"""How much closer the best list must be than the next one."""


def words(head: str) -> tuple[str, ...]:
    """The words of a head of list, sorted, without case, accents or punctuation.

    >>> words("FELIZIA Jean-Laurent") == words("Jean-Laurent Félizia")
    True
    >>> words("MATHIASIN Max, Mathias")
    ('mathias', 'mathiasin', 'max')
    """
    return tuple(sorted(normalize_name(head).split()))


def _closest(word: str, others: Sequence[str]) -> float:
    return max(SequenceMatcher(None, word, o).ratio() for o in others)


def similarity(a: str, b: str) -> float:
    """How alike two heads are, 0 to 1: each word against the closest word of the other,
    weighted by length, the worse of both directions.

    >>> similarity("Marc Fesnau", "FESNEAU Marc") > 0.9
    True
    >>> similarity("Yan Monplaisir", "MONPLAISIR Ralph Donald Yves") < 0.8
    True
    """
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0

    def directed(xs: Sequence[str], ys: Sequence[str]) -> float:
        total = sum(len(x) for x in xs)
        return sum(len(x) * _closest(x, ys) for x in xs) / total

    return min(directed(wa, wb), directed(wb, wa))


def _one_list(
    head: str,
    by_words: Mapping[tuple[str, ...], list[int]],
    lists: Mapping[int, str],
    place: str,
    source: str,
) -> int:
    """The one list ``head`` heads: same words, else the clearly closest name."""
    exact = by_words.get(words(head), [])
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise InconsistentData(
            place,
            f"{head!r} ({source}) could head lists "
            f"{', '.join(map(str, exact))}: the names are the same",
        )
    scored = sorted(((similarity(head, h), n) for n, h in lists.items()), reverse=True)
    if not scored or scored[0][0] < CLOSE_ENOUGH:
        near = (
            f"; the closest is {lists[scored[0][1]]}"
            if scored and scored[0][0] >= CLOSE_ENOUGH - 0.2
            else ""
        )
        raise InconsistentData(
            place, f"{head} heads no list of the store's round 1 ({source}){near}"
        )
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MARGIN:
        raise InconsistentData(
            place,
            f"{head!r} ({source}) could be {lists[scored[0][1]]} or {lists[scored[1][1]]}",
        )
    return scored[0][1]


def match_heads(
    heads: Sequence[str], lists: Mapping[int, str], *, place: str, source: str
) -> dict[str, int]:
    """``{head as given: list number}`` for heads spelled another way than ``lists``.

    ``lists`` maps the store's list numbers to their heads. Each head must match exactly one
    list and no two heads the same list; otherwise :class:`InconsistentData` names the place
    and the head.

    >>> match_heads(["Renaud Muselier", "Thierry Mariani"],
    ...             {6: "MARIANI Thierry", 9: "MUSELIER Renaud"}, place="PACA", source="f")
    {'Renaud Muselier': 9, 'Thierry Mariani': 6}
    """
    by_words: dict[tuple[str, ...], list[int]] = {}
    for number, head in lists.items():
        by_words.setdefault(words(head), []).append(number)
    found = {head: _one_list(head, by_words, lists, place, source) for head in heads}
    taken: dict[int, str] = {}
    for head, number in found.items():
        if number in taken:
            raise InconsistentData(
                place,
                f"{taken[number]!r} and {head!r} ({source}) both "
                f"match list {number} ({lists[number]})",
            )
        taken[number] = head
    return found

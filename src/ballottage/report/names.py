"""Names a reader sees instead of ids: elections and counted words; text without links.

Shared by the report and the round-2 page, so both say ``Regional elections 2015`` and not
``regionales-2015``.
"""

from __future__ import annotations

import re

_SCHEME = re.compile(r"\b(?:https?|ftp)://", re.IGNORECASE)

BLANK = "blank/spoiled"
"""The one word for blank and spoiled ballots (blancs et nuls) wherever a person reads."""


def election_title(election: str, year: int | None = None) -> str:
    """An election's name for a reader: ``Regional elections 2015``.

    >>> election_title("regionales-2021", 2021)
    'Regional elections 2021'
    >>> election_title("regionales-2015")  # the year read from the id
    'Regional elections 2015'
    """
    kind, _, rest = election.partition("-")
    word = {"regionales": "Regional elections", "municipales": "Municipal elections"}
    return f"{word.get(kind, 'Elections')} {year or rest}".rstrip()


def without_scheme(text: str) -> str:
    """``text`` with every URL scheme removed, so that no output links out of the file.

    >>> without_scheme("votes: https://fr.wikipedia.org/wiki/X")
    'votes: fr.wikipedia.org/wiki/X'
    """
    return _SCHEME.sub("", text)


def plural(n: int, word: str) -> str:
    """``1 section``, ``5 sections``.

    >>> plural(1, "departmental section"), plural(5, "departmental section")
    ('1 departmental section', '5 departmental sections')
    """
    return f"{n} {word}" if n == 1 else f"{n} {word}s"

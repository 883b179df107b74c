"""Names a reader sees instead of ids: elections, rule sets, and counted words.

Shared by the report and the round-2 page, so both say ``Regional elections 2015`` and not
``regionales-2015``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ballottage.law import rule_set

BLANK = "blank/spoiled"
"""The one word for blank and spoiled ballots (blancs et nuls) wherever a person reads."""


def election_title(election: Mapping[str, object]) -> str:
    """An election's name for a reader: ``Regional elections 2015``.

    >>> election_title({"id": "regionales-2021", "year": 2021})
    'Regional elections 2021'
    >>> election_title({"id": "regionales-2015"})  # the year read from the id
    'Regional elections 2015'
    """
    kind, _, rest = str(election["id"]).partition("-")
    word = {"regionales": "Regional elections", "municipales": "Municipal elections"}
    return f"{word.get(kind, 'Elections')} {election.get('year') or rest}".rstrip()


def rules_title(name: str | None) -> str:
    """A rule set's title for a reader (``Regional councils (2015 and 2021)``), not its id.

    >>> rules_title("corse-2017"), rules_title(None)
    ('Collectivité de Corse (2017, 2021)', '—')
    """
    return "—" if name is None else rule_set(name).title


def plural(n: int, word: str) -> str:
    """``1 section``, ``5 sections``.

    >>> plural(1, "departmental section"), plural(5, "departmental section")
    ('1 departmental section', '5 departmental sections')
    """
    return f"{n} {word}" if n == 1 else f"{n} {word}s"

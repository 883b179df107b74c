"""Heads of list spelled as the Ministry spells them, one spelling per person.

The 2021 department file was re-published with broken letters: an accented capital became
a plain lower-case letter (``PeCRESSE``, ``MORANcAIS``) and accented small letters lost their
accent (``Valerie``). ``reference/heads.csv`` gives, for each head of every 2021 list, the
spelling in the file and the repaired one: a lower-case letter inside a capital word is the
accented capital of the same letter, and small letters take the accents of the Ministry's
results page as copied by pollsposition (``spelling_from``); a plain capital stays plain, since
the file broke only accented capitals. The same table gives a person who headed lists in 2015
and 2021 the same spelling in both (``PECRESSE Valérie`` in 2015 becomes ``PÉCRESSE Valérie``).

>>> head_spelling("regionales-2021", "11", "PeCRESSE Valerie")
'PÉCRESSE Valérie'
>>> head_spelling("regionales-2021", "11", "PÉCRESSE Valérie")
'PÉCRESSE Valérie'
"""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files
from types import MappingProxyType


@cache
def _table() -> MappingProxyType[tuple[str, str, str], str]:
    text = files("ballottage.reference").joinpath("heads.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter=";")
    return MappingProxyType(
        {(r["election"], r["region"], r["as_in_file"]): r["head"] for r in rows}
    )


def head_spelling(election: str, region: str, head: str) -> str:
    """The spelling of ``head`` to store: the table's repair, or ``head`` as given.

    >>> head_spelling("regionales-2015", "11", "PECRESSE Valérie")
    'PÉCRESSE Valérie'
    >>> head_spelling("regionales-2015", "11", "BARTOLONE Claude")
    'BARTOLONE Claude'
    """
    return _table().get((election, region, head), head)


def spelled_heads(election: str) -> dict[tuple[str, str], str]:
    """``{(region, head as in the file): head}`` for one election.

    >>> spelled_heads("regionales-2021")[("76", "PRADIe Aurelien")]
    'PRADIÉ Aurélien'
    """
    return {(r, a): h for (e, r, a), h in _table().items() if e == election}

"""An election by the name a user gives: its id (``regionales-2015``), its year, or ``all``.

The one resolver of election names for the command line, the web page, the report and the
scenario files.

>>> from ballottage.data import Store
>>> with Store(":memory:") as store:
...     _ = store.load_bundled()
...     [e.id for e in find_elections(store, "all")], resolve_election(store, 2021).id
(['regionales-2015', 'regionales-2021'], 'regionales-2021')
"""

from __future__ import annotations

from ballottage.data.model import Election
from ballottage.data.store import Store
from ballottage.errors import UnknownName

ALL = "all"
"""The name that selects every stored election (where several may be given)."""


def find_elections(store: Store, name: str | int, *, every: bool = True) -> tuple[Election, ...]:
    """The stored elections ``name`` selects: ``all`` (when ``every``), an id, or a year (every
    election of that year), in the store's order; :class:`UnknownName` if none."""
    known = store.elections()
    text = str(name).strip().lower()
    if every and text == ALL:
        return tuple(known)
    found = [e for e in known if e.id == text] or [e for e in known if str(e.year) == text]
    if not found:
        raise UnknownName(
            "election", str(name), [*([ALL] if every else []), *(e.id for e in known)]
        )
    return tuple(found)


def resolve_election(store: Store, name: str | int) -> Election:
    """The one stored election ``name`` (an id or a year) names; :class:`UnknownName` if it
    names none, or several (a year of two elections)."""
    found = find_elections(store, name, every=False)
    if len(found) > 1:
        raise UnknownName("election", str(name), [e.id for e in found])
    return found[0]

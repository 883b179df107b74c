"""The data layer: Ministry result files, a checked DuckDB store, and the bundled figures.

Four layers, each importing only those before it:

* :mod:`~ballottage.data.store` — schema, connection, queries, loading the bundled figures;
* :mod:`~ballottage.data.sources` — readers of the Ministry's and other files (no DuckDB);
* :mod:`~ballottage.data.imports` — the one import pipeline (read, check, one transaction,
  import log), with one small declaration per kind of file;
* :mod:`~ballottage.data.bundle` — which files make the bundled figures, and building them.

``model`` (the frozen values) and ``reference`` (regions, departments, councils) are shared by
all four. Importing this package (or a reader) loads neither DuckDB nor the store: ``Store``,
``open_store`` and ``default_path`` are imported from :mod:`~ballottage.data.store` when first
used.

>>> from ballottage.data import Store
>>> with Store(":memory:") as store:
...     _ = store.load_bundled()
...     store.region("regionales-2015", "Hauts de France").code
'32'
"""

from typing import TYPE_CHECKING

from ballottage.data.model import (
    Area,
    AreaResults,
    CandidateList,
    Council,
    Coverage,
    Election,
    ImportReport,
    ListVotes,
    PublishedSeats,
    Region,
    RoundResults,
    Turnout,
)

if TYPE_CHECKING:
    from ballottage.data.store import Store, default_path, open_store

_STORE = ("Store", "default_path", "open_store")


def __getattr__(name: str) -> object:
    """``Store``, ``open_store`` and ``default_path``, imported when first asked for."""
    if name in _STORE:
        from ballottage.data import store

        return getattr(store, name)
    raise AttributeError(f"module 'ballottage.data' has no attribute {name!r}")


__all__ = [
    "Area",
    "AreaResults",
    "CandidateList",
    "Council",
    "Coverage",
    "Election",
    "ImportReport",
    "ListVotes",
    "PublishedSeats",
    "Region",
    "RoundResults",
    "Store",
    "Turnout",
    "default_path",
    "open_store",
]

"""The data layer: Ministry result files, a checked DuckDB store, and the bundled figures.

Four layers, each importing only those before it:

* :mod:`~ballottage.data.store` — schema, connection, queries, loading the bundled figures;
* :mod:`~ballottage.data.sources` — readers of the Ministry's and other files (no DuckDB);
* :mod:`~ballottage.data.imports` — the one import pipeline (read, check, one transaction,
  import log), with one small declaration per kind of file;
* :mod:`~ballottage.data.bundle` — which files make the bundled figures, and building them.

``model`` (the frozen values) and ``reference`` (regions, departments, councils) are shared by
all four. Importing this package loads the store layer only.

>>> from ballottage.data import Store
>>> with Store(":memory:") as store:
...     _ = store.load_bundled()
...     store.region("regionales-2015", "Hauts de France").code
'32'
"""

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
from ballottage.data.store import Store, default_path, open_store

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

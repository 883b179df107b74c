"""The data layer: Ministry result files, a checked DuckDB store, and the bundled figures.

>>> from ballottage.data import Store
>>> with Store(":memory:") as store:
...     _ = store.load_bundled()
...     store.region("regionales-2015", "Hauts de France").code
'32'
"""

from ballottage.data.minint import ResultsTable, read_minint
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
    "ResultsTable",
    "RoundResults",
    "Store",
    "Turnout",
    "default_path",
    "open_store",
    "read_minint",
]

"""Importing files into the store: one pipeline (:mod:`.pipeline`), one declaration per kind.

>>> from ballottage.data.store import Store
>>> from ballottage.data.imports import import_minint
>>> with Store(":memory:") as store:  # doctest: +SKIP
...     import_minint(store, "reg2015_T1_minint.xlsx", election="regionales-2015", round=1)

Every import is one transaction: a file that breaks an identity raises
:class:`~ballottage.errors.InconsistentData` and leaves the store as it was; importing the
same file again does nothing.
"""

from ballottage.data.imports.ministry import (
    import_department_tables,
    import_minint,
    import_pollsposition,
)
from ballottage.data.imports.official import import_local_copies
from ballottage.data.imports.published_seats import import_published_seats
from ballottage.data.imports.secondary import (
    import_corsica_round2,
    import_council_sizes,
    import_round2_regions,
    import_section_seats,
)

__all__ = [
    "import_corsica_round2",
    "import_council_sizes",
    "import_department_tables",
    "import_local_copies",
    "import_minint",
    "import_pollsposition",
    "import_published_seats",
    "import_round2_regions",
    "import_section_seats",
]

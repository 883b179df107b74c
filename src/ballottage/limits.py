"""Every bound ballottage puts on what it reads and what it computes, in one place.

A refusal is one :class:`~ballottage.errors.LimitExceeded` naming the limit and, for the limits
a legitimate use may need to raise, the environment variable that raises it:

>>> ministry_file_bytes() == MINISTRY_FILE_BYTES
True
>>> describe_bytes(10 * MB)
'10 MB'

``docs/limits.md`` lists them all with the reasons for each value.
"""

from __future__ import annotations

import os

MB = 1_000_000

INPUT_BYTES = 10 * MB
"""Files written by hand or by a script: votes, sections, populations, scenarios, standard
input. A votes file of 10 MB would already hold a hundred thousand lists."""

TABLE_BYTES = 16 * MB
"""The compiled tables of ``shared/data`` (round-2 lists and totals, council sizes, section
seats, department tables, pollsposition's JSON): 150 KB at most today. They are read whole,
so this bounds their memory too."""

MINISTRY_FILE_BYTES = 512 * MB
"""A Ministry result file as stored on disk (xlsx or ``;`` text). The whole-France commune files
weigh tens of MB; raise with ``BALLOTTAGE_MAX_FILE_MB``."""
MINISTRY_FILE_ENV = "BALLOTTAGE_MAX_FILE_MB"

XLSX_UNCOMPRESSED_BYTES = 300 * MB
"""What a workbook may unpack to (its XML parts added up): a zip bomb of 93 MB unpacks to
gigabytes. The 2015 commune workbook unpacks to about 100 MB; raise with
``BALLOTTAGE_MAX_XLSX_MB``."""
XLSX_UNCOMPRESSED_ENV = "BALLOTTAGE_MAX_XLSX_MB"

LIVE_FILE_BYTES = 200 * MB
"""One file of an election-night feed (a unit's XML, an index, a text export of unit results:
all of France's communes weigh ~40 MB), fetched over HTTP or read from a directory."""

SHEET_ROWS = 200_000
"""Rows of one sheet or text table: France has about 35 000 communes (polling stations, about
70 000, are not read)."""

SHEET_CELLS = 20_000_000
"""Cells of one sheet or text table (rows × columns): the commune files have about 5
million."""

NESTING_DEPTH = 32
"""How deep tables and arrays may nest in a TOML or JSON input (a scenario needs 3)."""

INTEGER_DIGITS = 18
"""Digits of an integer in a TOML or JSON input (counts stop at 10^12)."""

LISTS = 1_000
"""Lists in one set of votes given on the command line (a French ballot has a few dozen at
most); the law's work grows with lists × seats."""

INPUT_ROWS = 100_000
"""Rows of a votes, ``--sections`` or ``--populations`` CSV file (lists × sections at most)."""

COUNT = 10**12
"""More than any electorate: a count above it is a typo."""

BOOTSTRAP = 10_000
"""Bootstrap replicates of a transfer estimate: intervals stop moving long before."""

REQUEST_BYTES = 1 * MB
"""A request body of the web API (413 above): far above any scenario."""

DRAWS = 100_000_000
"""Monte Carlo draws of one ``simulate`` run (processed in batches, so memory stays flat)."""


def _env_mb(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        return default
    return value * MB if value > 0 else default


def ministry_file_bytes() -> int:
    """:data:`MINISTRY_FILE_BYTES`, or ``BALLOTTAGE_MAX_FILE_MB`` megabytes."""
    return _env_mb(MINISTRY_FILE_ENV, MINISTRY_FILE_BYTES)


def xlsx_uncompressed_bytes() -> int:
    """:data:`XLSX_UNCOMPRESSED_BYTES`, or ``BALLOTTAGE_MAX_XLSX_MB`` megabytes."""
    return _env_mb(XLSX_UNCOMPRESSED_ENV, XLSX_UNCOMPRESSED_BYTES)


def describe_bytes(n: int) -> str:
    """``10 MB``, ``512 MB``: sizes in the unit the limits are set in."""
    return f"{n / MB:g} MB" if n >= MB else f"{n} bytes"


def at_most(field: str, value: int, limit: int, unit: str, name: str) -> None:
    """Refuse ``value`` above ``limit`` with one line naming the limit.

    >>> at_most("--bootstrap", 3_000_000, BOOTSTRAP, "replicates", "BOOTSTRAP")
    Traceback (most recent call last):
    ...
    ballottage.errors.LimitExceeded: --bootstrap=3000000: over the limit of 10000 replicates ...
    """
    if value > limit:
        from ballottage.errors import LimitExceeded

        raise LimitExceeded(field, value, limit, unit, name=name)

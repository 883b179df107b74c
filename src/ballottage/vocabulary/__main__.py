"""``python -m ballottage.vocabulary [FOLDER]``: write the JSON Schema files (docs/schema)."""

from __future__ import annotations

import sys
from pathlib import Path

from ballottage.vocabulary.catalogue import write_schemas


def main(argv: list[str]) -> int:
    """Write the schemas into ``argv[0]`` (default ``docs/schema``) and name them."""
    folder = Path(argv[0]) if argv else Path("docs/schema")
    for path in write_schemas(folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The store layer: DuckDB schema, connection, queries and the bundled figures' loader.

It reads no source file (``ballottage.data.sources``) and imports none
(``ballottage.data.imports``): a page that only queries loads this and nothing above it.
"""

from ballottage.data.store.connection import Store, default_path, open_store

__all__ = ["Store", "default_path", "open_store"]

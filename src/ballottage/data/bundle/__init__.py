"""The bundled figures: which source files they are made of (:mod:`.sources`), and building
them (:mod:`.build`). Loading them is the store's (:mod:`ballottage.data.store.bundled`)."""

from ballottage.data.bundle.sources import (
    PACKAGE_SOURCE,
    SOURCES,
    SOURCES_2015,
    SOURCES_2021,
    import_sources,
)
from ballottage.data.store.bundled import MANIFEST, bundled_dir

__all__ = [
    "MANIFEST",
    "PACKAGE_SOURCE",
    "SOURCES",
    "SOURCES_2015",
    "SOURCES_2021",
    "bundled_dir",
    "import_sources",
]

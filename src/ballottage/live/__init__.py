"""Election night: partial results as they arrive, the uncounted vote projected, the law applied.

``projection`` is the model (pure functions over :class:`RegionNight`); the feed, journal, replay,
dashboard and page live beside it and only call :func:`project_region`.
"""

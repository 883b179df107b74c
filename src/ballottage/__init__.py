"""ballottage: an exact engine for French two-round list elections with a majority bonus."""

__version__ = "0.1.0"

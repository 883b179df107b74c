"""Readers of the Ministry's files and of the other sources (hand-compiled CSV, JSON).

Each reader checks what one file can show on its own (layout, whole counts, the Ministry's
identities within a table) and returns pandas frames; none opens the store (no DuckDB).
"""

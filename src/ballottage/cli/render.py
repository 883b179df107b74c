"""Rich tables for the terminal; they live in :mod:`ballottage.terminal` (no Typer there)."""

from ballottage.terminal import (
    STATUS,
    pct,
    plain_table,
    print_allocation,
    print_eligibility,
    print_sections,
    print_trace,
    votes_text,
)

__all__ = [
    "STATUS",
    "pct",
    "plain_table",
    "print_allocation",
    "print_eligibility",
    "print_sections",
    "print_trace",
    "votes_text",
]

"""Answers of the store's queries, kept until the store changes.

A report of 2015 asks for the regions of an election about 190 times and for each region's
results several times over; the answers are frozen values, so the store keeps them and
forgets them all when a transaction (an import, a bundle load) ends.

>>> class Counter:
...     def __init__(self) -> None:
...         self.cache, self.calls = QueryCache(), 0
...     @cached
...     def double(self, n: int) -> int:
...         self.calls += 1
...         return 2 * n
>>> c = Counter()
>>> c.double(4), c.double(4), c.calls
(8, 8, 1)
>>> c.cache.clear(); c.double(4), c.calls
(8, 2)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class QueryCache:
    """``{(query, arguments): answer}``; errors are not kept (asking again asks again).

    ``enabled=False`` keeps nothing (to measure what keeping saves: ``bench/import.py``)."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self.answers: dict[Hashable, object] = {}
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        """Forget every answer (the store changed)."""
        self.answers.clear()


class HasCache(Protocol):
    """Anything with a :class:`QueryCache` (the store)."""

    cache: QueryCache


S = TypeVar("S", bound=HasCache)


def cached(method: Callable[Concatenate[S, P], T]) -> Callable[Concatenate[S, P], T]:
    """Keep a query method's answer per arguments in its object's :class:`QueryCache`."""

    def answer(self: S, /, *args: P.args, **kwargs: P.kwargs) -> T:
        cache = self.cache
        if not cache.enabled:
            return method(self, *args, **kwargs)
        key = (method.__name__, args, tuple(sorted(kwargs.items())))
        if key in cache.answers:
            cache.hits += 1
            return cache.answers[key]  # type: ignore[return-value]
        cache.misses += 1
        value = method(self, *args, **kwargs)
        cache.answers[key] = value
        return value

    functools.update_wrapper(answer, method)
    return answer

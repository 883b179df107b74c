"""The one error family of ballottage.

Every error names the place (file, area, list, field) and the rule it breaks, so that the
command line can print one clear line and exit 2, and the web page can answer 4xx. The
meaning is in attributes, never to be read back out of the message: ``kind`` (a stable word
for what is wrong), ``field`` (the key at fault), ``where`` (the file or place), ``article``
(the article of the Code électoral broken, when there is one), ``rule`` (the rule in words:
that article or a house rule) and ``problem`` (the message without its place).
"""

from __future__ import annotations

from collections.abc import Sequence


class BallottageError(Exception):
    """Root of every error ballottage raises on purpose.

    ``rule`` names the rule broken (an article of the Code électoral where there is one, then
    also ``article``).
    """

    file: str | None = None
    field: str | None = None
    limit: int | None = None
    kind: str | None = None
    where: str | None = None
    article: str | None = None

    def __init__(
        self,
        message: str,
        *,
        rule: str | None = None,
        article: str | None = None,
        kind: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problem = message
        self.rule = rule or article
        self.article = article
        if kind is not None:
            self.kind = kind

    def __str__(self) -> str:
        if self.rule and self.rule not in self.message:
            return f"{self.message} ({self.rule})"
        return self.message

    def fields(self) -> dict[str, object]:
        """The error as plain data (``--json`` error objects, the web API): ``error`` is the
        class, ``code`` the :attr:`kind` (the class is the kind of error the JSON names).

        >>> InvalidInput("seats", -1, "must be at least 0", kind="range").fields()["code"]
        'range'
        """
        return {
            "error": type(self).__name__,
            "message": str(self),
            "code": self.kind,
            "file": self.file,
            "where": self.where,
            "field": self.field,
            "rule": self.rule,
            "article": self.article,
            "limit": self.limit,
        }


class InvalidInput(BallottageError):
    """A value given by the user breaks a basic rule: negative votes, duplicate names...

    ``where`` is the file or the request the value came from; :meth:`placed` moves an error
    raised on a bare value to the key and file it was written at.

    >>> print(InvalidInput("share", 2, "must be between 0 and 1", kind="share").placed(
    ...     "demo.toml", 'transfers."PETIT"."DURAND"'))
    demo.toml: transfers."PETIT"."DURAND"=2: must be between 0 and 1
    """

    def __init__(
        self,
        field: str,
        value: object,
        problem: str,
        *,
        rule: str | None = None,
        article: str | None = None,
        kind: str | None = None,
        file: str | None = None,
        where: str | None = None,
    ) -> None:
        where = where or file
        shown = f"{field}: {problem}" if value is None else f"{field}={value!r}: {problem}"
        if where and not field.startswith(where):
            shown = f"{where}: {shown}"
        super().__init__(shown, rule=rule, article=article, kind=kind)
        self.field = field
        self.value = value
        self.problem = problem
        self.file = file
        self.where = where

    def placed(self, where: str | None, field: str, value: object = ...) -> InvalidInput:
        """The same error, at ``field`` of ``where`` (and with ``value`` if given)."""
        return InvalidInput(
            field,
            self.value if value is ... else value,
            self.problem,
            rule=self.rule,
            article=self.article,
            kind=self.kind,
            where=where,
        )


class UnknownName(BallottageError):
    """A name (rule set, region, election, list) that ballottage does not know."""

    def __init__(self, kind: str, name: str, known: Sequence[str] = ()) -> None:
        hint = f"; known: {', '.join(known)}" if known else ""
        super().__init__(f"unknown {kind} {name!r}{hint}")
        self.kind = kind
        self.name = name
        self.known = tuple(known)


class UndecidableTie(BallottageError):
    """The law's tie rules cannot be applied with the data given (e.g. no candidate ages)."""

    def __init__(self, stage: str, lists: Sequence[str], seats: int, rule: str) -> None:
        names = ", ".join(lists)
        super().__init__(
            f"{stage}: {names} tie for {seats} seat(s) and the data cannot settle it "
            f"(give the candidates' birth dates)",
            article=rule,
            kind="tie",
        )
        self.stage = stage
        self.lists = tuple(lists)
        self.seats = seats


class IllegalLineup(BallottageError):
    """A round-2 line-up (who stands, who merges) that the law forbids.

    ``kind`` says which rule: one of :data:`STANDING_KINDS` (who stands) or
    :data:`MERGER_KINDS` (who merges into whom); ``lists`` are the lists at fault.
    """

    STANDING_KINDS = frozenset({"no-list-stands", "stands-twice", "cannot-stand"})
    MERGER_KINDS = frozenset(
        {"host-does-not-stand", "partner-stands", "partner-twice", "cannot-merge", "self-merger"}
    )

    def __init__(
        self,
        problem: str,
        *,
        kind: str | None = None,
        article: str | None = None,
        rule: str | None = None,
        lists: Sequence[str] = (),
        field: str | None = None,
        where: str | None = None,
    ) -> None:
        shown = ": ".join(p for p in (where, field, problem) if p)
        super().__init__(shown, rule=rule, article=article, kind=kind)
        self.problem = problem
        self.lists = tuple(lists)
        self.field = field
        self.where = where

    @property
    def about_standing(self) -> bool:
        """Whether the rule broken is about who stands (else about a merger)."""
        return self.kind in self.STANDING_KINDS

    def placed(self, where: str | None, field: str) -> IllegalLineup:
        """The same error, at ``field`` of ``where``."""
        return IllegalLineup(
            self.problem,
            kind=self.kind,
            article=self.article,
            rule=self.rule,
            lists=self.lists,
            field=field,
            where=where,
        )


class InconsistentData(BallottageError):
    """A data file whose figures break an identity (votants = blancs + nuls + exprimés...)."""

    def __init__(self, place: str, problem: str, *, rule: str | None = None) -> None:
        super().__init__(f"{place}: {problem}", rule=rule)
        self.place = place
        self.problem = problem


class UnreadableFile(BallottageError):
    """A file that cannot be read as what it should be: empty, cut short, not a workbook,
    not text in a known encoding."""

    def __init__(self, file: str, problem: str, *, rule: str | None = None) -> None:
        super().__init__(f"{file}: {problem}", rule=rule)
        self.file = file
        self.problem = problem


class LimitExceeded(BallottageError):
    """An input or a request beyond one of the bounds of :mod:`ballottage.limits`; ``rule``
    names the limit.

    >>> print(LimitExceeded("--bootstrap", 3000000, 10000, "replicates", name="BOOTSTRAP"))
    --bootstrap=3000000: over the limit of 10000 replicates (limit BOOTSTRAP, docs/limits.md)
    """

    def __init__(
        self,
        field: str,
        value: object,
        limit: int,
        unit: str,
        *,
        name: str,
        file: str | None = None,
        shown_limit: str | None = None,
        hint: str = "",
    ) -> None:
        where = f"{file}: " if file and file != field else ""
        what = field if value is None else f"{field}={value}"
        shown = shown_limit or (f"{limit} {unit}" if unit else str(limit))
        super().__init__(
            f"{where}{what}: over the limit of {shown}{hint}",
            rule=f"limit {name}, docs/limits.md",
        )
        self.file = file
        self.field = field
        self.value = value
        self.limit = limit
        self.unit = unit
        self.name = name


class StoreUnavailable(BallottageError):
    """The DuckDB store cannot be opened: a directory, not a DuckDB file, held by another
    process."""

    def __init__(
        self, path: str, problem: str, *, pid: int | None = None, rule: str | None = None
    ) -> None:
        super().__init__(f"{path}: {problem}", rule=rule)
        self.file = path
        self.problem = problem
        self.pid = pid


class ImportFailed(BallottageError):
    """One file of an import broke a rule: nothing of the import was stored."""

    def __init__(self, file: str, cause: BallottageError) -> None:
        said = str(cause)
        shown = said if file in said else f"{file}: {said}"
        super().__init__(f"{shown}; nothing was imported", rule=None)
        self.file = file
        self.cause = cause
        self.field = cause.field
        self.rule = cause.rule
        self.article = cause.article
        self.kind = cause.kind
        self.limit = cause.limit


class MissingData(BallottageError):
    """Figures the data does not have; ballottage says so rather than inventing them.

    ``where`` is the place lacking them (a region and election), ``problem`` what is missing
    without that place (the whole message when not given).
    """

    def __init__(
        self,
        message: str,
        *,
        where: str | None = None,
        problem: str | None = None,
        kind: str | None = None,
    ) -> None:
        super().__init__(message, kind=kind)
        self.where = where
        self.problem = problem or message


class MissingExtra(BallottageError):
    """An optional dependency a command needs is not installed; says how to install it."""

    def __init__(self, feature: str, extra: str, package: str) -> None:
        super().__init__(
            f"{feature} needs {package}, which is not installed: pip install 'ballottage[{extra}]'"
        )
        self.feature = feature
        self.extra = extra
        self.package = package

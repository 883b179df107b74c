"""The one error family of ballottage.

Every error names the place (file, area, list, field) and the rule it breaks, so that the
command line can print one clear line and exit 2, and the web page can answer 4xx.
"""

from __future__ import annotations

from collections.abc import Sequence


class BallottageError(Exception):
    """Root of every error ballottage raises on purpose.

    ``rule`` names the rule broken (an article of the Code électoral where there is one).
    """

    def __init__(self, message: str, *, rule: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule

    def __str__(self) -> str:
        if self.rule and self.rule not in self.message:
            return f"{self.message} ({self.rule})"
        return self.message


class InvalidInput(BallottageError):
    """A value given by the user breaks a basic rule: negative votes, duplicate names..."""

    def __init__(self, field: str, value: object, problem: str, *, rule: str | None = None) -> None:
        shown = f"{field}: {problem}" if value is None else f"{field}={value!r}: {problem}"
        super().__init__(shown, rule=rule)
        self.field = field
        self.value = value
        self.problem = problem


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
            rule=rule,
        )
        self.stage = stage
        self.lists = tuple(lists)
        self.seats = seats


class IllegalLineup(BallottageError):
    """A round-2 line-up (who stands, who merges) that the law forbids."""


class InconsistentData(BallottageError):
    """A data file whose figures break an identity (votants = blancs + nuls + exprimés...)."""

    def __init__(self, place: str, problem: str, *, rule: str | None = None) -> None:
        super().__init__(f"{place}: {problem}", rule=rule)
        self.place = place
        self.problem = problem


class MissingData(BallottageError):
    """Figures the data does not have; ballottage says so rather than inventing them."""


class MissingExtra(BallottageError):
    """An optional dependency a command needs is not installed; says how to install it."""

    def __init__(self, feature: str, extra: str, package: str) -> None:
        super().__init__(
            f"{feature} needs {package}, which is not installed: pip install 'ballottage[{extra}]'"
        )
        self.feature = feature
        self.extra = extra
        self.package = package

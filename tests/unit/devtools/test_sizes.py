"""The size limits of the developers' guide hold for ballottage itself: no module over 400
lines, no function over 50 (``python -m ballottage._devtools.sizes`` lists them)."""

from __future__ import annotations

from ballottage._devtools.sizes import FUNCTION_LINES, MODULE_LINES, oversized

# Functions not split yet, each with the reason. Remove a line when its function is split;
# the test fails if a listed function is no longer too long, so the list cannot go stale.
ALLOWED_FUNCTIONS = {
    # Declares the FastAPI routes as closures over the store; edited in another branch, as
    # is the command that serves it.
    "ballottage.web.app.create_app",
    "ballottage.cli.web_commands.serve_command",
    # The live-night commands, new and still being worked on in their own branch.
    "ballottage.cli.live_commands.replay",
    "ballottage.cli.live_commands.history",
    # A long docstring with a worked example, the argument checks and the regression; the
    # bootstrap is in its own function already, and one more would put goodman.py over 400
    # lines (the shared TransferEstimate and checks should first move to their own module).
    "ballottage.inference.goodman.estimate_transfers_goodman",
}


def test_the_whole_package_is_measured() -> None:
    modules, functions = oversized(module_lines=300, function_lines=30)
    assert "ballottage.law.allocation.allocate_council" in {o.name for o in functions}
    assert modules  # some modules are over 300 lines: the check sees them


def test_no_module_is_over_the_limit() -> None:
    big_modules, _ = oversized()
    assert [(o.name, o.lines) for o in big_modules] == [], f"over {MODULE_LINES} lines"


def test_no_function_is_over_the_limit_but_the_listed_ones() -> None:
    _, big_functions = oversized()
    found = {o.name: o.lines for o in big_functions}
    unexpected = {name: n for name, n in found.items() if name not in ALLOWED_FUNCTIONS}
    assert unexpected == {}, f"over {FUNCTION_LINES} lines: split them"
    stale = sorted(ALLOWED_FUNCTIONS - set(found))
    assert stale == [], "no longer too long: take them off ALLOWED_FUNCTIONS"

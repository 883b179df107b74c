"""The ``ballottage`` command line (Typer + Rich): thin commands over the core."""
# ruff: noqa: I001 -- the imports register the command groups in the order --help shows them.

from ballottage.cli import law_commands as law_commands
from ballottage.cli import store_commands as store_commands
from ballottage.cli import compare_commands as compare_commands
from ballottage.cli import demo_command as demo_command
from ballottage.cli import scenario_commands as scenario_commands
from ballottage.cli import transfers_commands as transfers_commands
from ballottage.cli import transfers_benchmark as transfers_benchmark
from ballottage.cli import report_commands as report_commands
from ballottage.cli import web_commands as web_commands
from ballottage.cli import download_commands as download_commands
from ballottage.cli import live_commands as live_commands
from ballottage.cli.app import app, main

__all__ = ["app", "main"]

"""Run ``ballottage`` command lines one after the other in this process, and report each one's
exit status, output and the peak memory so far (run by :func:`tests.hardening.limited.run`
in a subprocess under a memory limit).

Usage: ``python -m tests.hardening.driver CASES.json`` where the file holds a list of
argument lists; prints a JSON list of ``{code, stdout, stderr, peak_mb, traceback}``.
"""

from __future__ import annotations

import json
import resource
import sys
import traceback


def main() -> None:
    from typer.testing import CliRunner

    from ballottage.cli import app

    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    runner = CliRunner()
    out = []
    for args in cases:
        result = runner.invoke(app, args)
        tb = None
        if result.exc_info is not None and not isinstance(result.exception, SystemExit):
            tb = "".join(traceback.format_exception(*result.exc_info))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out.append(
            {
                "args": args,
                "code": result.exit_code,
                "stdout": result.stdout[-4000:],
                "stderr": result.stderr[-4000:],
                "peak_mb": peak,
                "traceback": tb,
            }
        )
    sys.stdout.write(json.dumps(out))


if __name__ == "__main__":
    main()

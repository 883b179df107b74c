"""`ballottage serve` on a port another program holds: one clear line, exit 2, no address."""

from __future__ import annotations

import socket

from typer.testing import CliRunner

from ballottage.cli import app

runner = CliRunner()


def test_a_busy_port_is_said_plainly_before_anything_else() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["serve", "--port", str(port), "--db", ":memory:"])
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert f"--port {port + 1}" in result.output
    assert "http://" not in result.output  # no address that would open the other server's page
    assert "Traceback" not in result.output and "Errno" not in result.output

"""Take the README's screenshots: ``docs/report.png`` and ``docs/scenario-page.png``.

Usage: ``.venv/bin/python scripts/screenshots.py [--chromium /usr/bin/chromium] [--out docs]``

Drives Debian's Chromium through Playwright, like ``tests/browser``: the report of 2015 is built
from the bundled figures into a temporary file, and the scenario page is served on 127.0.0.1 (a
free port) from a fresh in-memory store, with Hauts-de-France's Socialist list kept in round 2.
Each PNG must stay under 300 KB.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, expect, sync_playwright

from ballottage.data import Store
from ballottage.report.build import build_report
from ballottage.web.app import create_app

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MAX_BYTES = 300_000


@contextmanager
def served() -> Iterator[str]:
    """The web app on 127.0.0.1 and a free port, in a thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(":memory:"), log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("the server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def report_shot(page: Page, out: Path) -> None:
    with Store(":memory:") as store:
        store.load_bundled()
        html = build_report(store, "2015")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.html"
        path.write_text(html, encoding="utf-8")
        page.goto(path.as_uri())
        page.locator(".election .grid").first.scroll_into_view_if_needed()
        page.screenshot(path=str(out), clip={"x": 0, "y": 190, "width": 1280, "height": 860})


def scenario_shot(page: Page, url: str, out: Path) -> None:
    page.goto(url + "/")
    expect(page.locator("#chances .chance")).to_have_count(3)  # Île-de-France first
    page.select_option("#region-select", label="Hauts-de-France")
    expect(page.locator("#region-meta")).to_contain_text("Hauts-de-France")
    expect(page.locator("#chances .chance")).to_have_count(2)
    page.select_option('select[data-head="DE SAINTIGNON Pierre"]', "stand")
    expect(page.locator("#chances .chance")).to_have_count(3)
    expect(page.locator("#result")).not_to_have_class("stale")
    page.screenshot(path=str(out), clip={"x": 0, "y": 0, "width": 1280, "height": 900})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    report_png, page_png = args.out / "report.png", args.out / "scenario-page.png"
    with sync_playwright() as playwright, served() as url:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1050})
        report_shot(page, report_png)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        scenario_shot(page, url, page_png)
        browser.close()
    status = 0
    for png in (report_png, page_png):
        size = png.stat().st_size
        print(f"{png}: {size // 1024} KB")
        if size >= MAX_BYTES:
            print(f"  too large: keep it under {MAX_BYTES // 1000} KB", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

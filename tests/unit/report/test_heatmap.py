"""The transfer heat-map: a table of shares and intervals, coloured by the share."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import numpy as np
import pytest

from ballottage.inference import estimate_transfers
from ballottage.inference.estimate import TransferEstimate
from ballottage.report.heatmap import (
    contrast,
    luminance,
    share_colour,
    text_colour,
    transfer_heatmap,
)

ROWS = ["LE PEN Marine", "BERTRAND Xavier", "others", "abstention"]
COLS = ["BERTRAND Xavier", "LE PEN Marine", "abstention", "blank-null"]


SHARES = [
    [0.02, 0.93, 0.04, 0.01],
    [0.90, 0.03, 0.05, 0.02],
    [0.62, 0.08, 0.25, 0.05],
    [0.10, 0.05, 0.85, 0.00],
]


def estimate(**changes: Any) -> TransferEstimate:
    shares = np.array(SHARES)
    found = TransferEstimate(
        tuple(ROWS),
        tuple(COLS),
        shares,
        np.maximum(shares - 0.07, 0.0),
        np.minimum(shares + 0.08, 1.0),
        np.ones(len(ROWS)),
        3817,
        0.9,
        200,
        "constrained Goodman regression",
        0.0,
        (1.0,) * len(COLS),
    )
    return replace(found, **changes)


def heatmap(est: TransferEstimate, region: str = "Hauts-de-France") -> str:
    return transfer_heatmap(est, region=region, election="regionales-2015", unit_level="commune")


class _Table(HTMLParser):
    """Headers (tag, scope, text), the caption, and every cell's style and text."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[tuple[str | None, str]] = []
        self.cells: list[tuple[str, str]] = []
        self.caption = ""
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("th", "td", "caption"):
            self._open, self._text = (tag, dict(attrs)), []

    def handle_endtag(self, tag: str) -> None:
        if self._open is None or tag != self._open[0]:
            return
        text = " ".join(t.strip() for t in self._text if t.strip())
        kind, attrs = self._open
        if kind == "th":
            self.headers.append((attrs.get("scope"), text))
        elif kind == "td":
            self.cells.append((attrs.get("style") or "", text))
        else:
            self.caption = text
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)


def parse(html: str) -> _Table:
    table = _Table()
    table.feed(html)
    return table


def background(style: str) -> str:
    found = re.search(r"background:(#[0-9a-f]{6})", style)
    assert found, style
    return found.group(1)


def test_one_cell_per_share_with_its_percentage_and_interval() -> None:
    table = parse(heatmap(estimate()))
    assert len(table.cells) == len(ROWS) * len(COLS)
    texts = [text for _, text in table.cells]
    assert texts[1] == "93\u00a0% 86–100"  # Le Pen → Le Pen, interval clipped at 100
    assert texts[4] == "90\u00a0% 83–98"  # Bertrand → Bertrand
    assert texts[8] == "62\u00a0% 55–70"  # the merged others → Bertrand
    assert texts[15] == "0\u00a0% 0–8"


def test_headers_are_scoped_categories_and_destinations() -> None:
    table = parse(heatmap(estimate()))
    cols = [text for scope, text in table.headers if scope == "col"]
    rows = [text for scope, text in table.headers if scope == "row"]
    assert cols[1:] == ["BERTRAND Xavier", "LE PEN Marine", "Abstention", "Blank/spoiled"]
    assert rows == ["LE PEN Marine", "BERTRAND Xavier", "Other lists (merged)", "Abstention"]
    assert all(scope in ("col", "row") for scope, _ in table.headers)


def test_caption_says_what_where_how_and_the_level() -> None:
    caption = parse(heatmap(estimate())).caption
    assert caption.startswith(
        "Round-1 → round-2 transfers, Hauts-de-France, Regional elections 2015"
    )
    for words in ("3\u202f817 communes", "constrained Goodman regression", "90\u00a0% interval"):
        assert words in caption
    assert "200 bootstrap replicates" in caption


def test_backgrounds_darken_with_the_share_and_text_stays_readable() -> None:
    table = parse(heatmap(estimate()))
    flat = [v for row in SHARES for v in row]
    by_share = sorted(zip(flat, (background(s) for s, _ in table.cells), strict=True))
    lights = [luminance(colour) for _, colour in by_share]
    assert all(a >= b for a, b in zip(lights, lights[1:], strict=False))
    steps = [luminance(share_colour(i / 100)) for i in range(101)]
    assert all(a > b for a, b in zip(steps, steps[1:], strict=False))
    for style, _ in table.cells:
        ink = re.search(r"color:(#[0-9a-f]{6})", style)
        assert ink and ink.group(1) == text_colour(background(style))
    assert (
        min(contrast(share_colour(i / 100), text_colour(share_colour(i / 100))) for i in range(101))
        >= 4.5
    )  # WCAG AA for normal text


def test_one_hue_from_near_white_to_dark_blue() -> None:
    assert share_colour(-0.2) == share_colour(0.0) == "#f7fbff"
    assert share_colour(1.3) == share_colour(1.0) == "#08306b"
    for i in range(101):
        r, g, b = (int(share_colour(i / 100)[k : k + 2], 16) for k in (1, 3, 5))
        assert b >= g >= r  # blue stays the dominant channel


def test_names_are_escaped() -> None:
    data = estimate(rows=('<script>alert("x")</script>', *ROWS[1:]))
    html = heatmap(data, region="A & B")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "A &amp; B" in html
    assert 'title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; → BERTRAND Xavier' in html


def test_without_bootstrap_cells_show_the_share_only() -> None:
    data = estimate(bootstrap=0, lower=None, upper=None)
    table = parse(heatmap(data))
    assert [text for _, text in table.cells][:2] == ["2\u00a0%", "93\u00a0%"]
    assert "No intervals" in table.caption
    data = estimate(bootstrap=0, lower=np.zeros((4, 4)), upper=np.ones((4, 4)))
    assert "90\u00a0% interval. " in parse(heatmap(data)).caption  # intervals, no bootstrap


def test_no_link_leaves_the_table() -> None:
    html = heatmap(estimate())
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"<(script|img|link|a)\b", html)


def test_renders_a_real_estimate() -> None:
    rng = np.random.default_rng(0)
    truth = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.05, 0.05, 0.9]])
    round1 = rng.integers(100, 1000, (40, 3))
    est = estimate_transfers(
        round1,
        round1 @ truth,
        row_labels=["A", "B", "abstention"],
        col_labels=["A", "B", "abstention"],
        bootstrap=50,
        seed=0,
    )
    table = parse(transfer_heatmap(est))
    assert len(table.cells) == 9
    assert table.cells[0][1].startswith("80\u00a0% ")
    assert "40 units" in table.caption


@pytest.mark.parametrize("share", [0.0, 0.33, 0.5, 0.77, 1.0])
def test_text_colour_is_the_more_readable_of_two(share: float) -> None:
    bg = share_colour(share)
    other = "#ffffff" if text_colour(bg) == "#000000" else "#000000"
    assert contrast(bg, text_colour(bg)) >= contrast(bg, other)

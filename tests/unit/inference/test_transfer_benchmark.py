"""Units files and the benchmark on known answers (ballottage.inference.units_file, benchmark)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.known_answers import write_district

from ballottage.errors import InvalidInput
from ballottage.inference.benchmark import run_benchmark, score, summaries
from ballottage.inference.estimate import TransferEstimate
from ballottage.inference.units_file import district_folders, read_truth, read_units


def estimate(
    shares: list[list[float]],
    lower: list[list[float]] | None,
    upper: list[list[float]] | None,
    voters: list[float],
) -> TransferEstimate:
    r, c = len(shares), len(shares[0])
    return TransferEstimate(
        rows=tuple(f"r{i}" for i in range(r)),
        cols=tuple(f"c{j}" for j in range(c)),
        shares=np.array(shares),
        lower=None if lower is None else np.array(lower),
        upper=None if upper is None else np.array(upper),
        row_voters=np.array(voters),
        units=10,
        level=0.9,
        bootstrap=0,
        method="m",
        rmse=0.0,
        r2=(1.0,) * c,
    )


def test_score_by_hand() -> None:
    # true shares: row 0 (300 voters) 0.5 / 0.5, row 1 (100 voters) 0.9 / 0.1
    truth = np.array([[150.0, 150.0], [90.0, 10.0]])
    est = estimate(
        [[0.6, 0.4], [0.9, 0.1]],
        [[0.55, 0.35], [0.0, 0.0]],  # row 0's intervals both miss the true 0.5
        [[0.65, 0.45], [1.0, 0.2]],
        [300.0, 100.0],
    )
    s = score(est, truth)
    assert s.ei == pytest.approx(100 * (30 + 30) / (2 * 400))  # 7.5 % of the votes misplaced
    assert s.coverage_votes == pytest.approx(100 / 400)  # only row 1's 100 voters covered
    assert s.coverage_rows == pytest.approx((50 + 50) / 400)
    assert s.coverage_cells == pytest.approx(2 / 4)
    assert s.width == pytest.approx((0.1 + 0.1 + 1.0 + 0.2) / 4)


def test_score_leaves_out_rows_without_true_voters_and_methods_without_intervals() -> None:
    truth = np.array([[50.0, 50.0], [0.0, 0.0]])
    est = estimate(
        [[0.5, 0.5], [0.5, 0.5]], [[0.4, 0.4], [0.6, 0.6]], [[0.6, 0.6], [0.7, 0.7]], [100.0, 0.0]
    )
    assert score(est, truth).coverage_cells == 1.0
    blind = score(estimate([[0.5, 0.5], [0.5, 0.5]], None, None, [100.0, 0.0]), truth)
    assert blind.ei == 0.0 and blind.coverage_votes is None and blind.width is None


def test_read_units_and_truth_by_label(tmp_path: Path) -> None:
    truth = write_district(tmp_path / "NZ_X" / "01_a", 1)
    table = read_units(tmp_path / "NZ_X" / "01_a" / "units.csv")
    assert table.rows == ("Left", "Right", "Abst") and table.cols == ("Left", "Right", "Abst")
    assert table.round1.shape == (40, 3) and table.units[:2] == ("1", "2")
    got = read_truth(tmp_path / "NZ_X" / "01_a" / "truth.csv", table.rows, table.cols)
    np.testing.assert_array_equal(got, truth)
    np.testing.assert_array_equal(got.sum(axis=1), table.round1.sum(axis=0))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("unit,a,b\n1,2,3\n", "needs 'r:<label>' and 'c:<label>' columns"),
        ("unit,r:A,c:A\n1,2\n", ":2=2: needs 3 fields"),
        ("unit,r:A,c:A\n1,-2,3\n", "must be a finite count >= 0"),
        ("unit,r:A,c:A\n1,x,3\n", "must be a number of votes"),
        ("unit,r:A,c:A\n", "has no unit"),
        ("", "is empty"),
    ],
)
def test_bad_units_files_are_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(")):
        read_units(path)


def test_district_folders_one_dataset_or_many(tmp_path: Path) -> None:
    for name in ("A/01_x", "A/02_y", "B/01_z"):
        write_district(tmp_path / name, len(name))
    assert [p.name for p in district_folders(tmp_path)] == ["01_x", "02_y", "01_z"]
    assert [p.name for p in district_folders(tmp_path / "A")] == ["01_x", "02_y"]
    assert district_folders(tmp_path / "A" / "01_x") == (tmp_path / "A" / "01_x",)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InvalidInput, match="holds no <district>/units.csv"):
        district_folders(tmp_path / "empty")


def test_benchmark_scores_every_method_on_every_district(tmp_path: Path) -> None:
    for name in ("A/01_x", "B/01_y"):
        write_district(tmp_path / name, len(name) + 3)
    results = list(run_benchmark(tmp_path, ["em-ipf", "lphom"]))
    assert [(r.dataset, r.method) for r in results] == [
        ("A", "em-ipf"),
        ("A", "lphom"),
        ("B", "em-ipf"),
        ("B", "lphom"),
    ]
    assert all(r.units == 40 and (r.rows, r.cols) == (3, 3) for r in results)
    assert all(r.score.ei < 15 for r in results)
    means = summaries(results)
    assert set(means) == {"em-ipf", "lphom"} and set(means["em-ipf"]) == {"all", "A", "B"}
    assert means["lphom"]["all"]["coverage_votes"] is None
    assert means["em-ipf"]["all"]["districts"] == 2
    assert means["em-ipf"]["all"]["ei"] == pytest.approx(
        np.mean([r.score.ei for r in results if r.method == "em-ipf"])
    )


def test_empty_units_and_rows_are_left_out_and_a_bad_district_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "A" / "01_x"
    write_district(folder, 3)
    table = read_units(folder / "units.csv")
    lines = ["unit,r:Left,r:Right,r:Abst,r:Nobody,c:Left,c:Right,c:Abst"]
    for unit, x, y in zip(table.units, table.round1, table.round2, strict=True):
        lines.append(",".join([unit, *(f"{v:g}" for v in x), "0", *(f"{v:g}" for v in y)]))
    lines.append("empty,0,0,0,0,0,0,0")
    (folder / "units.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (folder / "truth.csv").open("a", encoding="utf-8") as truth:
        truth.write("r:Nobody,0,0,0\n")
    kept, rows, empty = read_units(folder / "units.csv").usable()
    assert rows == ("Nobody",) and empty == 1 and len(kept.units) == 40
    (result,) = run_benchmark(folder, ["em-ipf"])
    assert (result.units, result.rows) == (40, 3) and result.score.ei < 15
    lines[1] = lines[1].replace(",", ",5000", 1)  # unit 1: 5 000 more voters in round 1 only
    (folder / "units.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"01_x: round2\[0\] total.*falls short"):
        list(run_benchmark(folder, ["em-ipf"]))

"""`ballottage allocate`, `qualify` and `rules` through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ballottage.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_allocate_19_seats_gives_the_worked_example() -> None:
    code, out, _ = run(
        "allocate",
        "--rules",
        "regionales-2015",
        "--seats",
        "19",
        "A=4000",
        "B=3000",
        "C=2000",
        "D=600",
        "E=400",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert {x["list"]: x["seats"] for x in data["lists"]} == {
        "A": 11,
        "B": 5,
        "C": 3,
        "D": 0,
        "E": 0,
    }
    assert data["bonus"] == {"list": "A", "seats": 5}
    assert data["rules"] == "regionales-2015" and data["seats_total"] == 19
    assert data["round"] == 2 and data["outcome"] == "seats"
    assert {x["list"]: x["eligible"] for x in data["lists"]}["E"] is False
    assert any(s["kind"] == "tie" and "B" in s["text"] for s in data["trace"])
    assert set(data["lists"][0]) >= {"list", "votes", "share", "eligible", "seats"}
    assert data["sections"] == []


def test_allocate_explain_prints_the_trace() -> None:
    code, out, _ = run(
        "allocate", "--seats", "20", "A=4000", "B=3000", "C=2000", "D=600", "E=400", "--explain"
    )
    assert code == 0
    assert "takes the bonus of 5 seats" in out
    assert "n° 20 to D, average 600" in out


def test_allocate_round_1_without_majority_says_round_2() -> None:
    code, out, _ = run(
        "allocate", "--round", "1", "--seats", "20", "A=400", "B=350", "C=250", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["outcome"] == "round2" and data["bonus"] is None
    assert all(x["seats"] is None for x in data["lists"])
    assert data["stand"] == ["A", "B", "C"]


def test_allocate_round_1_with_majority_gives_seats() -> None:
    code, out, _ = run("allocate", "--round", "1", "--seats", "20", "A=510", "B=490", "--json")
    data = json.loads(out)
    assert code == 0 and data["outcome"] == "seats" and data["round"] == 1
    assert data["bonus"] == {"list": "A", "seats": 5}


def test_allocate_reads_csv_json_and_sections(tmp_path: Path) -> None:
    votes = tmp_path / "votes.csv"
    votes.write_text("list,votes\nX,87000\nY,13000\n", encoding="utf-8")
    sections = tmp_path / "sections.csv"
    sections.write_text(
        "list,section,votes\nX,D1,50000\nX,D2,30000\nX,D3,7000\nY,D1,13000\n", encoding="utf-8"
    )
    code, out, err = run(
        "allocate", "--votes", str(votes), "--seats", "16", "--sections", str(sections), "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert {x["list"]: x["seats"] for x in data["lists"]} == {"X": 15, "Y": 1}
    split = {(r["list"], r["section"]): r["seats"] for r in data["sections"]}
    assert split[("X", "D1")] + split[("X", "D2")] + split[("X", "D3")] == 15
    as_json = tmp_path / "votes.json"
    as_json.write_text('{"X": 87000, "Y": 13000}', encoding="utf-8")
    code, out, _ = run("allocate", "--votes", str(as_json), "--seats", "16", "--json")
    assert code == 0 and json.loads(out)["bonus"]["seats"] == 4


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["A=-5", "B=10"], "at least 0"),
        (["A=1.5", "B=10"], "whole number"),
        (["A=10", "A=20"], "appears twice"),
        (["A=0", "B=0"], "no list has any vote"),
        (["--seats", "0", "A=10"], "at least 1"),
        (["--rules", "nope", "A=10"], "unknown rule set 'nope'"),
        (["--exprimes", "5", "A=10", "B=10"], "below the sum of the list votes"),
        (["A10"], "expected NAME=VOTES"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], needle: str) -> None:
    full = ["allocate", *args] if "--seats" in args else ["allocate", "--seats", "10", *args]
    code, out, err = run(*full)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def test_section_votes_that_do_not_add_up_are_refused(tmp_path: Path) -> None:
    sections = tmp_path / "s.csv"
    sections.write_text("list,section,votes\nA,D1,10\nA,D2,10\n", encoding="utf-8")
    code, _, err = run("allocate", "--seats", "10", "A=30", "B=10", "--sections", str(sections))
    assert code == 2 and "add up to 20" in err


def test_qualify_lets_the_runner_up_stand_when_only_one_list_has_ten_percent() -> None:
    votes = [
        "A=4000",
        "B=900",
        "C=800",
        "D=800",
        "E=800",
        "F=700",
        "G=700",
        "H=600",
        "I=400",
        "J=300",
    ]
    code, out, _ = run("qualify", *votes, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["outcome"] == "round2"
    assert data["stand"] == ["A", "B"] and data["fallback"] == "runner-up"
    assert data["merge"] == ["C", "D", "E", "F", "G", "H"] and data["out"] == ["I", "J"]


def test_qualify_with_an_absolute_majority_has_no_round_2() -> None:
    code, out, _ = run("qualify", "A=8000", "B=900", "C=700", "D=400", "--json")
    data = json.loads(out)
    assert code == 0 and data["outcome"] == "seats" and data["majority"] == "A"
    assert data["stand"] == data["merge"] == data["out"] == []


def test_files_in_windows_1252_are_read_and_other_bytes_refused(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("list,votes\nÉlise,100\nB,50\n".encode("cp1252"))
    code, out, err = run("allocate", "--seats", "10", "--votes", str(latin), "--json")
    assert code == 0, err
    assert [x["list"] for x in json.loads(out)["lists"]] == ["Élise", "B"]
    extra = tmp_path / "extra.csv"
    extra.write_text("list,votes\nA,100\nB,50,7\n", encoding="utf-8")
    code, _, err = run("allocate", "--seats", "10", "--votes", str(extra))
    assert code == 2 and "more fields than the header" in err
    code, _, err = run("allocate", "--seats", "10", "A==5", "B=3")
    assert code == 2 and "votes[A]='=5': votes must be a whole number" in err


def test_qualify_municipal_has_no_fallback_and_corsica_seven_percent() -> None:
    votes = ["A=4000", "B=900", "C=800", "D=800", "E=800", "F=700", "G=700", "H=600", "I=400"]
    code, out, _ = run("qualify", "--rules", "municipales", *votes, "J=300", "--json")
    assert json.loads(out)["stand"] == ["A"]
    code, out, _ = run(
        "qualify", "--rules", "corse-2015", "A=450", "B=250", "C=75", "D=75", "E=150", "--json"
    )
    assert json.loads(out)["stand"] == ["A", "B", "E", "C", "D"]  # 7 % is enough in Corsica


def test_qualify_corsica_has_no_runner_up_and_cites_the_article_in_force() -> None:
    # Art. L373: only lists with 7 % stand; B (6.5 %) would stand by L346's runner-up rule.
    votes = ["A=4800", "B=650", "C=600", "D=600", "E=600", "F=600", "G=600", "H=600", "I=600"]
    code, out, _ = run("qualify", "--rules", "corse-2017", *votes, "J=350", "--json")
    data = json.loads(out)
    assert code == 0 and data["stand"] == ["A"] and data["fallback"] is None
    assert data["article"] == "art. L373" and "B" in data["merge"]
    code, out, _ = run("qualify", "--rules", "martinique-2015", *votes, "J=350")
    assert code == 0 and "Fallback used: runner-up (art. L558-19)" in out
    code, out, _ = run("qualify", "--rules", "regionales-2015", *votes, "J=350")
    assert code == 0 and "Fallback used: runner-up (art. L346)" in out
    code, out, _ = run("qualify", "--rules", "municipales", *votes, "J=350")
    assert code == 0 and "Fallback" not in out and "art. L346" not in out


def test_rules_lists_every_rule_set() -> None:
    code, out, _ = run("rules", "--json")
    names = [r["name"] for r in json.loads(out)["rule_sets"]]
    assert code == 0
    assert names == [
        "regionales-2015",
        "corse-2015",
        "corse-2017",
        "martinique-2015",
        "municipales",
    ]


def test_round_1_majority_with_tied_runners_up_and_absurd_counts() -> None:
    code, out, _ = run("allocate", "--round", "1", "--seats", "19", "A=96", "B=2", "C=2", "--json")
    assert code == 0 and json.loads(out)["outcome"] == "seats"
    code, out, _ = run("qualify", "A=96", "B=2", "C=2", "--json")
    assert code == 0 and json.loads(out)["majority"] == "A"
    code, _, err = run("allocate", "--seats", "10", f"A={10**13}", "B=3")
    assert code == 2 and "at most 1 000 000 000 000" in err

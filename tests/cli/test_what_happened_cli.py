"""What the project tells people is true: mergers and withdrawals as sourced, names as the
Ministry spells them, opening views that reproduce the round 2 that happened."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from ballottage.lineups import table_rows
from tests.cli.invoke import data, run


def text_of(page: str) -> str:
    inline = re.sub(r"</?(span|a|abbr)\b[^>]*>", "", page)  # inline tags do not split words
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def test_report_calls_withdrew_only_the_lists_the_table_says_withdrew(
    db: str, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    assert run(db, "report", "all", "-o", str(out)).exit_code == 0
    text = text_of(out.read_text(encoding="utf-8"))
    withdrew = {f.head for _, _, f in table_rows() if f.status == "withdrew"}
    assert withdrew == {"DE SAINTIGNON Pierre", "CASTANER Christophe", "FELIZIA Jean-Laurent"}
    # In each region's table a list's "what happened" cell follows its share and status.
    called = set(
        re.findall(
            r"([A-ZÀ-Þ][A-ZÀ-Þ' -]+ [A-Z][\w-]+) \w+ [\d ]+ [\d.]+ % may stand withdrew", text
        )
    )
    assert called == withdrew
    assert "ONESTA Gérard LVEG 210 602 10.26 % may stand merged into DELGA Carole's list" in text
    for head in ("PULVAR Audrey", "AUTAIN Clémentine"):
        assert f"{head} LUG" in text
    assert "PULVAR Audrey into BAYOU Julien's list" in text
    assert "withdrawn or merged: the data does not say which" not in text
    # A list absent from round 2 that the table does not cover: said so, not guessed.
    assert "Not on the round-2 ballot (withdrew or merged; unknown): ROUSSEL Fabien" in text
    assert "Could only merge (5 % or more) and merged into no list: DUPONT-AIGNAN Nicolas" in text


def test_demo_tells_the_same_as_the_report(db: str) -> None:
    result = run(db, "demo")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "ONESTA Gérard (10.26 %) could stand and merged into DELGA Carole's list" in out
    assert "DE SAINTIGNON Pierre (18.12 %) could stand and withdrew" in out
    assert "the data does not say which" not in out


def test_results_2021_spell_heads_as_the_ministry(db: str) -> None:
    [out] = data(run(db, "results", "2021", "--region", "IDF", "--round", "2", "--json"))["regions"]
    heads = [item["list"] for item in out["lists"]]
    assert heads[0] == "PÉCRESSE Valérie"
    compared = run(db, "compare", "2015", "2021")
    assert compared.exit_code == 0
    line = next(
        x for x in compared.stdout.splitlines() if x.strip().startswith("won:") and "PÉCRESSE" in x
    )
    assert line.count("PÉCRESSE Valérie") == 2 and "PeCRESSE" not in compared.stdout


def test_qualify_a_stored_election_says_what_happened(db: str) -> None:
    out = data(run(db, "qualify", "2015", "--region", "OCC", "--json"))
    happened = {item["list"]: item["happened"] for item in out["lists"]}
    assert happened["ONESTA Gérard"] == "merged into DELGA Carole's list"
    assert happened["DELGA Carole"] == "stood"
    assert happened["SAUREL Philippe"].startswith("not on the round-2 ballot")
    assert happened["LEMPEREUR Damien"] is None  # out: nothing to say


@pytest.mark.parametrize(
    ("election", "region", "seats"),
    [
        (
            2015,
            "IDF",
            {"PÉCRESSE Valérie": 121, "BARTOLONE Claude": 66, "DE SAINT JUST Wallerand": 22},
        ),
        (2015, "HDF", {"BERTRAND Xavier": 116, "LE PEN Marine": 54}),
        (
            2015,
            "Corse",
            {"SIMEONI Gilles": 24, "GIACOBBI Paul": 12, "ROSSI José": 11, "CANIONI Christophe": 4},
        ),
        (2021, "PACA", {"MUSELIER Renaud": 84, "MARIANI Thierry": 39}),
    ],
)
def test_project_of_a_bare_past_scenario_is_what_happened(
    db: str, tmp_path: Path, election: int, region: str, seats: dict[str, int]
) -> None:
    scenario = tmp_path / "bare.toml"
    scenario.write_text(f'[scenario]\nelection = {election}\nregion = "{region}"\n', "utf-8")
    out = data(run(db, "project", str(scenario), "--json"))
    lists = out["allocation"]["lists"]
    assert {item["list"]: item["seats"] for item in lists} == seats
    assert max(lists, key=lambda item: item["votes"])["list"] == next(iter(seats))
    assert out["scenario"]["what_happened"].startswith("the round 2 that happened")
    text = run(db, "project", str(scenario))
    assert text.exit_code == 0 and "What happened:" in text.stdout


def test_idf_2015_opening_view_reproduces_the_published_votes(db: str, tmp_path: Path) -> None:
    scenario = tmp_path / "idf.toml"
    scenario.write_text('[scenario]\nelection = 2015\nregion = "IDF"\n', "utf-8")
    out = data(run(db, "project", str(scenario), "--json"))
    votes = {item["list"]: item["votes"] for item in out["allocation"]["lists"]}
    args = ("results", "2015", "--region", "IDF", "--round", "2", "--json")
    [published] = data(run(db, *args))["regions"]
    assert votes == {item["list"]: item["votes"] for item in published["lists"]}
    assert out["expected"]["votants"] == published["turnout"]["votants"]
    assert out["scenario"]["lineup"]["merge"] == {
        "BARTOLONE Claude": ["COSSE Emmanuelle", "LAURENT Pierre"]
    }
    # A turnout of its own leaves what happened: the defaults decide (and get IDF wrong).
    moved = tmp_path / "moved.toml"
    moved.write_text(scenario.read_text("utf-8") + "[turnout]\nround2 = 0.5446\n", "utf-8")
    away = data(run(db, "project", str(moved), "--json"))
    assert away["scenario"]["what_happened"] is None
    assert {i["list"]: i["seats"] for i in away["allocation"]["lists"]}["PÉCRESSE Valérie"] != 121


def test_seats_2015_show_the_registers_section_seats_for_what_they_are(db: str) -> None:
    out = data(run(db, "seats", "2015", "--region", "HDF", "--json"))
    register = out["regions"][0]["register_sections"]
    assert "register of elected officials" in register["note"] and "not" in register["note"]
    counts = {x["name"]: (x["least"], x["most"]) for x in register["sections"]}
    assert counts == {
        "Aisne": (14, 14),
        "Nord": (72, 73),
        "Oise": (22, 22),
        "Pas-de-Calais": (45, 45),
        "Somme": (16, 16),
    }
    assert all(x["computed"] is None for x in register["sections"])  # no round-2 dept votes
    text = run(db, "seats", "2015", "--region", "ARA")
    flat = " ".join(text.stdout.split())
    assert "Rhône hors métropole de Lyon 13" in flat and "Métropole de Lyon 30" in flat
    later = data(run(db, "seats", "2021", "--region", "HDF", "--json"))
    assert later["regions"][0]["register_sections"] is None


def test_demo_2021_dates_its_own_rounds(db: str) -> None:
    result = run(db, "demo", "2021")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Round 1, 20 June 2021" in out and "Round 2, 27 June 2021" in out
    assert "December 2015" not in out
    assert "the Rassemblement national (LRN)" in out and "Front National" not in out
    assert "FELIZIA Jean-Laurent (16.89 %) could stand and withdrew" in out

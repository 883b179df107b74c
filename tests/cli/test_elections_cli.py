"""Several elections in one store: 2015 and 2021, Corsica under its own rules, `compare`,
`import` (wrong votants reported), `verify` that never passes unverified regions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ballottage.data import Store
from ballottage.data.bundle import SOURCES_2021
from tests.cli.invoke import data, run

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
needs_data = pytest.mark.skipif(
    not (DATA / SOURCES_2021["regions"]).is_file(), reason=f"no shared data at {DATA}"
)
COUNCILS = {
    "11": 209,
    "24": 77,
    "27": 100,
    "28": 102,
    "32": 170,
    "44": 169,
    "52": 93,
    "53": 83,
    "75": 183,
    "76": 158,
    "84": 204,
    "93": 123,
}


def test_seats_2021_fill_every_mainland_council_with_every_round_two_list(db: str) -> None:
    out = data(run(db, "seats", "2021", "--json"))
    assert out["election"] == "regionales-2021"
    regions = {r["region"]["code"]: r["allocation"] for r in out["regions"]}
    assert set(COUNCILS) == set(regions)
    assert out["seats_total"] == 1671
    total = 0
    for code, size in COUNCILS.items():
        region = regions[code]
        assert {"rules", "seats_total", "lists", "bonus"} <= set(region)
        assert region["rules"] == "regionales-2015" and region["seats_total"] == size
        round2 = data(run(db, "results", "2021", "--region", code, "--round", "2", "--json"))
        [stored] = round2["regions"]
        assert [x["list"] for x in region["lists"]] == [x["list"] for x in stored["lists"]]
        for item in region["lists"]:
            assert {"list", "head", "nuance", "family", "votes", "seats", "bonus"} <= set(item)
        assert sum(x["seats"] for x in region["lists"]) == size
        assert [x["bonus"] > 0 for x in region["lists"]].count(True) == 1
        assert region["bonus"]["seats"] == sum(x["bonus"] for x in region["lists"])
        total += size
    assert total == 1671
    paca = {x["list"]: (x["seats"], x["bonus"], x["family"]) for x in regions["93"]["lists"]}
    assert paca == {
        "MUSELIER Renaud": (84, 31, "right"),
        "MARIANI Thierry": (39, 0, "far-right"),
    }
    others = {r["region"]["code"]: r["allocation"] for r in out["other_councils"]}
    assert others["94"]["seats_total"] == 63 and others["94"]["rules"] == "corse-2017"
    assert [s["region"]["code"] for s in out["skipped"]] == ["03"]


@pytest.mark.parametrize(
    ("year", "rules", "seats", "bonus"),
    [("2015", "corse-2015", 51, 9), ("2021", "corse-2017", 63, 11)],
)
def test_corsica_seats_under_its_own_rules(
    db: str, year: str, rules: str, seats: int, bonus: int
) -> None:
    [corse] = data(run(db, "seats", year, "--region", "corse", "--json"))["regions"]
    region = corse["allocation"]
    assert (corse["region"]["code"], region["rules"], region["seats_total"]) == ("94", rules, seats)
    assert sum(x["seats"] for x in region["lists"]) == seats
    [leader] = [x for x in region["lists"] if x["bonus"]]
    assert leader["list"] == "SIMEONI Gilles" and leader["bonus"] == bonus


def test_elections_lists_what_the_store_holds(db: str) -> None:
    out = {e["id"]: e for e in data(run(db, "elections", "--json"))["elections"]}
    assert set(out) == {"regionales-2015", "regionales-2021"}
    assert len(out["regionales-2015"]["published_seats"]) == 12
    assert len(out["regionales-2021"]["published_seats"]) == 16
    assert len(out["regionales-2021"]["round2"]) == 17
    assert out["regionales-2021"]["rules"]["94"] == "corse-2017"
    assert out["regionales-2015"]["rules"]["94"] == "corse-2015"
    result = run(db, "elections")
    assert result.exit_code == 0 and "regionales-2021" in result.stdout


def test_qualify_and_results_take_any_year(db: str) -> None:
    out = data(run(db, "qualify", "2021", "--region", "paca", "--json"))
    assert out["lists"][0]["list"] == "MARIANI Thierry"
    assert out["lists"][0]["family"] == "far-right"
    assert "FELIZIA Jean-Laurent" in out["stand"]
    [hdf] = data(run(db, "results", "2021", "--region", "HDF", "--json"))["regions"]
    t = hdf["turnout"]
    assert (t["votants"], t["exprimes"]) == (1388093, 1330428)
    assert any("2 838 834" in n and "cannot be right" in n for n in hdf["notes"])


def test_compare_2015_2021_region_by_region(db: str) -> None:
    out = data(run(db, "compare", "2015", "2021", "--json"))
    assert (out["before"], out["after"]) == ("regionales-2015", "regionales-2021")
    paca = next(r for r in out["regions"] if r["region"]["code"] == "93")
    assert paca["before"]["round1_leader"]["list"] == "MARÉCHAL-LE PEN Marion"
    assert paca["after"]["round1_leader"] == {
        "list": "MARIANI Thierry",
        "nuance": "LRN",
        "family": "far-right",
        "share": 0.363848,
    }
    assert paca["before"]["round2_winner"] == {"list": "ESTROSI Christian", "family": "right"}
    assert paca["after"]["round2_winner"] == {"list": "MUSELIER Renaud", "family": "right"}
    assert paca["after"]["withdrew"] == ["FELIZIA Jean-Laurent"]
    assert paca["before"]["seats_by_family"] == {"right": 81, "far-right": 42}
    assert paca["seat_change"] == {"right": 3, "far-right": -3}
    assert paca["winner_family_changed"] is False
    corse = next(r for r in out["regions"] if r["region"]["code"] == "94")
    assert corse["before"]["seats_total"] == 51 and corse["after"]["seats_total"] == 63
    totals = out["totals"]
    assert len(totals["regions"]) == 13
    assert sum(totals["before"].values()) == 1671 + 51
    assert sum(totals["after"].values()) == 1671 + 63
    text = run(db, "compare", "2015", "2021")
    assert text.exit_code == 0 and "MARIANI Thierry" in " ".join(text.stdout.split())


def test_verify_2021_checks_the_councils_and_all_match(db: str) -> None:
    result = run(db, "verify", "2021", "--json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["all_match"] is True
    checked = {r["region"]["code"] for r in out["regions"]}
    assert checked == set(COUNCILS) | {"94", "01", "02", "04"}
    assert all(r["match"] for r in out["regions"])
    idf = next(r for r in out["regions"] if r["region"]["code"] == "11")
    assert {x["list"]: x["published"] for x in idf["lists"]}["PÉCRESSE Valérie"] == 125
    assert [r["region"]["code"] for r in out["unverified"]] == ["03"]  # Guyane: no rule set
    text = run(db, "verify", "2021")
    assert text.exit_code == 0 and "16 of 16 regions match" in " ".join(text.stdout.split())
    corse = data(run(db, "verify", "2015", "--json"))["unverified"]
    assert [r["region"]["code"] for r in corse if r["region"]["code"] == "94"] == ["94"]


def test_verify_exits_non_zero_when_it_has_nothing_to_compare(tmp_path: Path) -> None:
    path = tmp_path / "no-seats.duckdb"
    with Store(path) as store:
        store.load_bundled()
        store.con.execute("DELETE FROM published_seats WHERE election = 'regionales-2021'")
    result = run(str(path), "verify", "2021", "--json")
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["all_match"] is False and out["regions"] == []
    text = run(str(path), "verify", "2021")
    assert text.exit_code == 1 and "nothing verified" in text.stdout


@needs_data
def test_import_reports_a_wrong_votants_and_stores_a_consistent_turnout(tmp_path: Path) -> None:
    shared = tmp_path / "data"
    for rel in SOURCES_2021.values():
        (shared / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / rel, shared / rel)
    path = shared / SOURCES_2021["regions"]
    figures = json.loads(path.read_text(encoding="utf-8"))
    figures["2021"]["resultats"]["Bretagne"]["premier_tour"]["votants"] = 800000  # < exprimés
    path.write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "fresh.duckdb")
    result = run(db, "import", "2021", str(shared))
    assert result.exit_code == 0, result.output
    err = " ".join(result.stderr.split())
    assert "warning: region 53 Bretagne, round 1: votants 800 000" in err
    assert "its departments add up to 892 415 votants" in err
    assert "warning: region 32 Hauts-de-France, round 1: votants 2 838 834" in err
    [out] = data(run(db, "results", "2021", "--region", "bretagne", "--json"))["regions"]
    assert out["turnout"]["votants"] == 892415 >= out["turnout"]["exprimes"]
    again = run(db, "import", "2021", str(shared))
    assert again.exit_code == 0 and "already in the store" in again.stdout

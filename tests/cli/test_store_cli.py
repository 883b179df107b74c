"""Commands over the stored 2015 elections (bundled figures, a fresh store per module)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import invoke


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = invoke.run(db, *args)
    return result.exit_code, result.stdout, result.stderr


def test_verify_2015_matches_every_published_seat(db: str) -> None:
    code, out, _ = run(db, "verify", "2015", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["all_match"] is True
    assert len(data["regions"]) == 12
    assert all(r["match"] for r in data["regions"])
    seats = {
        r["region"]["code"]: {x["list"]: (x["computed"], x["published"]) for x in r["lists"]}
        for r in data["regions"]
    }
    assert seats["32"]["BERTRAND Xavier"] == (116, 116)
    assert seats["32"]["LE PEN Marine"] == (54, 54)
    assert seats["93"]["ESTROSI Christian"] == (81, 81)
    assert seats["93"]["MARÉCHAL-LE PEN Marion"] == (42, 42)
    assert sorted(v[0] for v in seats["11"].values()) == [22, 66, 121]
    assert set(data["regions"][0]) >= {"region", "match", "lists"}


def test_qualify_hdf_from_the_store(db: str) -> None:
    code, out, _ = run(db, "qualify", "2015", "--region", "HDF", "--json")
    assert code == 0
    data = json.loads(out)
    assert {"LE PEN Marine", "BERTRAND Xavier", "DE SAINTIGNON Pierre"} <= set(data["stand"])
    assert data["merge"] == ["ROUSSEL Fabien"]
    assert data["region"]["code"] == "32"


@pytest.mark.parametrize("name", ["32", "hauts-de-france", "HDF", "Hauts de France", "hdf"])
def test_regions_are_named_by_code_name_or_abbreviation(db: str, name: str) -> None:
    code, out, _ = run(db, "seats", "2015", "--region", name, "--json")
    assert code == 0
    [region] = json.loads(out)["regions"]
    assert region["region"]["code"] == "32" and region["allocation"]["seats_total"] == 170


def test_unknown_region_and_missing_round_2_exit_2(db: str) -> None:
    code, _, err = run(db, "seats", "2015", "--region", "Atlantis")
    assert code == 2 and "unknown region 'Atlantis'" in err
    code, _, err = run(db, "seats", "2015", "--region", "Guadeloupe")
    assert code == 2 and "round-2 results" in err and "not in the data" in err


def test_seats_explain_and_results(db: str) -> None:
    code, out, _ = run(db, "seats", "2015", "--region", "PACA", "--explain")
    assert code == 0 and "takes the bonus of 31 seats" in out
    code, out, _ = run(db, "results", "2015", "--region", "HDF", "--json")
    [data] = json.loads(out)["regions"]
    assert data["lists"][0]["list"] == data["lists"][0]["head"] == "LE PEN Marine"
    assert data["lists"][0]["share"] == pytest.approx(0.4064, abs=1e-4)


def test_demo_tells_the_2015_story(db: str) -> None:
    code, out, _ = run(db, "demo")
    assert code == 0
    out = " ".join(out.split())  # the terminal is narrow: lines wrap
    assert "came first in 6 of the 13" in out
    assert "won 0 regions" in out
    assert "12 of 12 regions reproduce the published seats exactly" in out


def test_fetch_does_not_touch_the_store(db: str, tmp_path: Path) -> None:
    code, _, err = run(db, "results", "1999")
    assert code == 2 and "unknown election '1999'" in err

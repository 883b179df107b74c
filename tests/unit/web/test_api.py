"""The JSON API through FastAPI's TestClient, over a fresh in-memory store."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from ballottage.web.app import create_app
from ballottage.web.models import MAX_DRAWS

with warnings.catch_warnings():
    # Starlette's TestClient prefers the httpx2 package, which the lock file does not pin.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

HDF = {"election": "2015", "region": "HDF"}
DUEL = {**HDF, "stand": ["LE PEN Marine", "BERTRAND Xavier"]}
TRIANGULAR = {**HDF, "stand": ["LE PEN Marine", "BERTRAND Xavier", "DE SAINTIGNON Pierre"]}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(":memory:")) as c:
        yield c


def by_name(items: list[dict[str, Any]], key: str = "list") -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


def test_elections_list_every_stored_election_and_its_regions(client: TestClient) -> None:
    response = client.get("/api/elections")
    assert response.status_code == 200
    elections = by_name(response.json()["elections"], "id")
    assert "regionales-2015" in elections
    regions = by_name(elections["regionales-2015"]["regions"], "code")
    assert regions["32"]["name"] == "Hauts-de-France" and regions["32"]["playable"]
    assert not regions["03"]["playable"] and "no council" in regions["03"]["reason"]


def test_region_gives_round_one_eligibility_and_the_actual_lineup(client: TestClient) -> None:
    response = client.get("/api/regions/32", params={"election": "2015"})
    assert response.status_code == 200
    data = response.json()
    assert data["seats_total"] == 170 and data["rules"]["name"] == "regionales-2015"
    status = {item["list"]: item["status"] for item in data["round1"]["lists"]}
    assert status["DE SAINTIGNON Pierre"] == "stand"
    assert status["ROUSSEL Fabien"] == "merge"
    assert status["ROUSSEAU Sandrine"] == "out"
    assert data["default"]["stand"] == ["BERTRAND Xavier", "LE PEN Marine"]
    assert by_name(data["actual"]["lists"])["BERTRAND Xavier"]["seats"] == 116


def test_region_by_abbreviation_defaults_to_the_election_that_has_it(client: TestClient) -> None:
    response = client.get("/api/regions/paca")
    assert response.status_code == 200
    assert response.json()["region"]["code"] == "93"


def test_project_of_the_real_lineup_opens_on_what_happened(client: TestClient) -> None:
    # The line-up of the round 2 that happened, nothing else sent: the observed round 2.
    response = client.post("/api/project", json=DUEL)
    assert response.status_code == 200
    data = response.json()
    votes = {item["list"]: item["votes"] for item in data["allocation"]["lists"]}
    seats = {item["list"]: item["seats"] for item in data["allocation"]["lists"]}
    assert votes == {"BERTRAND Xavier": 1389340, "LE PEN Marine": 1015662}
    assert seats == {"BERTRAND Xavier": 116, "LE PEN Marine": 54}
    assert data["scenario"]["what_happened"].startswith("the round 2 that happened")
    assert data["expected"]["rate"] == round(2595417 / 4237839, 6)


def test_project_gives_exact_seats_and_a_hemicycle(client: TestClient) -> None:
    # A turnout of its own moves away from what happened: the defaults (docs/scenarios.md).
    response = client.post("/api/project", json={**DUEL, "turnout": 0.6124})
    assert response.status_code == 200
    data = response.json()
    assert data["scenario"]["what_happened"] is None
    seats = {item["list"]: item["seats"] for item in data["allocation"]["lists"]}
    assert seats == {"BERTRAND Xavier": 112, "LE PEN Marine": 58}  # docs/scenarios.md
    assert data["allocation"]["bonus"] == {"list": "BERTRAND Xavier", "seats": 43}
    assert data["hemicycle"].count("<circle ") == 170
    assert data["colours"]["LE PEN Marine"]["family"] == "far-right"
    sources = [row["source"] for row in data["scenario"]["transfers"]]
    assert sources[-2:] == ["abstention", "blank-null"]


def test_project_takes_explicit_transfers_and_turnout(client: TestClient) -> None:
    rows = {"DE SAINTIGNON Pierre": {"BERTRAND Xavier": 0.9, "abstention": 0.1}}
    response = client.post("/api/project", json={**DUEL, "transfers": rows, "turnout": 0.6124})
    assert response.status_code == 200
    data = response.json()
    assert data["expected"]["rate"] == pytest.approx(0.6124, abs=1e-4)
    row = by_name(data["scenario"]["transfers"], "source")["DE SAINTIGNON Pierre"]
    assert row["origin"] == "file"


def test_simulate_changes_when_the_socialist_list_stays(client: TestClient) -> None:
    duel = client.post("/api/simulate", json={**DUEL, "draws": 20_000, "seed": 1})
    triangular = client.post("/api/simulate", json={**TRIANGULAR, "draws": 20_000, "seed": 1})
    assert duel.status_code == triangular.status_code == 200
    before = by_name(duel.json()["lists"])["BERTRAND Xavier"]["p_first"]
    after = by_name(triangular.json()["lists"])["BERTRAND Xavier"]["p_first"]
    assert before > 0.8 and after < 0.2
    assert triangular.json()["draws"] == 20_000 and triangular.json()["seed"] == 1
    again = client.post("/api/simulate", json={**TRIANGULAR, "draws": 20_000, "seed": 1})
    assert again.json() == triangular.json()  # seeded


def test_an_illegal_lineup_is_422_naming_the_rule(client: TestClient) -> None:
    response = client.post("/api/project", json={**DUEL, "stand": [*DUEL["stand"], "ROUSSEL"]})
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["kind"] == "IllegalLineup"
    assert body["rule"] == "art. L346"
    assert "ROUSSEL Fabien" in body["message"] and "below 10 %" in body["message"]


def test_a_merge_below_five_percent_is_422(client: TestClient) -> None:
    merge = {"BERTRAND Xavier": ["ROUSSEAU Sandrine"]}
    response = client.post("/api/simulate", json={**DUEL, "merge": merge})
    assert response.status_code == 422
    assert response.json()["error"]["rule"] == "art. L346"
    assert "below 5 %" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"draws": MAX_DRAWS + 1}, "draws"),
        ({"draws": 0}, "draws"),
        ({"turnout": 1.5}, "turnout"),
        ({"unknown": 1}, "unknown"),
        ({"transfers": {"BERTRAND Xavier": {"LE PEN Marine": 2}}}, "transfers"),
        ({"transfers": {"BERTRAND Xavier": {"LE PEN Marine": 0.5}}}, "adds up to 0.5"),
    ],
)
def test_bad_input_is_422_with_one_message(
    client: TestClient, change: dict[str, Any], words: str
) -> None:
    response = client.post("/api/simulate", json={**DUEL, **change})
    assert response.status_code == 422
    assert words in response.json()["error"]["message"]


def test_unknown_places_are_404(client: TestClient) -> None:
    assert client.get("/api/regions/99", params={"election": "2015"}).status_code == 404
    assert client.get("/api/regions/32", params={"election": "1999"}).status_code == 404
    guyane = client.get("/api/regions/03", params={"election": "2015"})
    assert guyane.status_code == 404 and "no council" in guyane.json()["error"]["message"]


def test_a_body_over_one_megabyte_is_413(client: TestClient) -> None:
    big = b'{"election": "' + b"x" * 1_100_000 + b'"}'
    response = client.post(
        "/api/project", content=big, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_a_streamed_body_over_one_megabyte_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"election": "'
        for _ in range(12):
            yield b"x" * 100_000
        yield b'"}'

    response = client.post(
        "/api/project", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_the_page_and_its_files_are_served_offline_clean(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for path in ("/", "/static/app.js", "/static/style.css"):
        text = client.get(path).text
        assert "http://" not in text and "https://" not in text, path
    assert client.get("/static/secret.txt").status_code == 404
    assert client.get("/openapi.json").json()["paths"].keys() >= {
        "/api/elections",
        "/api/regions/{code}",
        "/api/project",
        "/api/simulate",
    }


def test_a_loopback_server_refuses_foreign_host_headers() -> None:
    app = create_app(":memory:", allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1") as local:
        assert local.get("/api/elections").status_code == 200
        assert local.get("/api/elections", headers={"host": "evil.example"}).status_code == 400


def test_docs_are_a_page_of_this_server_with_every_route(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page = response.text
    assert "<script" not in page and "http://" not in page and "https://" not in page
    for route in ("/api/elections", "/api/regions/{code}", "/api/project", "/api/simulate"):
        assert f"<code>{route}</code>" in page
    assert "ScenarioRequest" in page and "SimulateRequest" in page
    assert client.get("/redoc").status_code == 404


def test_simulate_gives_a_seat_chart_per_list_and_each_outcome(client: TestClient) -> None:
    response = client.post("/api/simulate", json={**TRIANGULAR, "draws": 2000, "seed": 1})
    assert response.status_code == 200
    dist = response.json()["distribution"]
    assert dist["seats_total"] == 170 and dist["majority"] == 86 and dist["draws"] == 2000
    charts = by_name(dist["charts"])
    assert set(charts) == set(TRIANGULAR["stand"])
    for chart in charts.values():
        assert len(chart["histogram"]) == 171 and sum(chart["histogram"]) == 2000
        assert (
            chart["svg"].startswith('<svg class="seat-chart"')
            and 'class="majority"' in chart["svg"]
        )
    outcomes = by_name(dist["outcomes"], "list")
    assert abs(sum(o["first"] for o in outcomes.values()) - 1) < 1e-9
    assert all(o["majority"] + o["no_majority"] <= o["first"] + 1e-12 for o in outcomes.values())


def test_elections_have_a_title_for_readers(client: TestClient) -> None:
    elections = by_name(client.get("/api/elections").json()["elections"], "id")
    assert elections["regionales-2015"]["title"] == "Regional elections 2015"

"""Hypothesis against the doors hostile input comes through: votes files, scenario TOML, the
web API's JSON and Ministry tables. Whatever comes in, the answer is a result or one
:class:`~ballottage.errors.BallottageError` (exit status 2 on one line, an HTTP 4xx), never
a traceback, and a refused import leaves the store as it was."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ballottage.cli import app
from ballottage.data.imports import import_minint
from ballottage.data.store import Store
from ballottage.errors import BallottageError
from ballottage.scenarios import parse_scenario
from ballottage.scenarios.figures import Round1Figures
from ballottage.scenarios.store import round1_figures
from tests.unit.data.conftest import DEPARTMENTS, wide_rows

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
runner = CliRunner()

# ---- strategies ----------------------------------------------------------------------------

names = st.one_of(
    st.sampled_from(["A", "B", "LE PEN", "BERTRAND", "DE SAINTIGNON", "abstention", "x=y", ""]),
    st.text(min_size=0, max_size=12),
)
counts = st.one_of(
    st.integers(-10, 10**6).map(str),
    st.integers(10**12, 10**40).map(str),
    st.sampled_from(["", "1e30", "nan", "inf", "-0", "1 000", "1_000", "12a", "0x10", "٣"]),
    st.text(max_size=6),
)
csv_votes = st.lists(st.tuples(names, counts), max_size=8).flatmap(
    lambda rows: st.sampled_from([",", ";", "\t"]).map(
        lambda sep: "list" + sep + "votes\n" + "\n".join(f"{n}{sep}{c}" for n, c in rows)
    )
)
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=8),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
raw_bytes = st.binary(max_size=200)


def toml_value() -> st.SearchStrategy[str]:
    scalar = st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).map(
            lambda f: (
                "nan"
                if f != f
                else ("inf" if f == float("inf") else "-inf" if f == float("-inf") else repr(f))
            )
        ),
        st.integers(-(10**30), 10**30).map(str),
        st.sampled_from(['"0.7 ± 0.05"', '"1.2.3 ± 0.1"', '"± ±"', "true", '"HDF"', "2015"]),
        st.text(alphabet="abcXYZ ±.0123", max_size=10).map(json.dumps),
    )
    return st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.lists(
                st.tuples(st.sampled_from(["share", "spread", "a", "BERTRAND"]), inner), max_size=3
            ).map(lambda kv: "{" + ", ".join(f"{k} = {v}" for k, v in dict(kv).items()) + "}"),
        ),
        max_leaves=6,
    )


HEADS = ["BERTRAND", "LE PEN", "DE SAINTIGNON", "ROUSSEL", "abstention", "blank-null", "NOBODY"]
scenario_texts = st.builds(
    lambda region, sections, rows: (
        f'[scenario]\nelection = 2015\nregion = "{region}"\n'
        + "".join(
            f"[{name}]\n" + "".join(f"{k} = {v}\n" for k, v in body) for name, body in sections
        )
        + "".join(
            f'[transfers."{src}"]\n' + "".join(f'"{d}" = {v}\n' for d, v in cells)
            for src, cells in rows
        )
    ),
    st.sampled_from(["HDF", "PACA", "32", "nowhere"]),
    st.lists(
        st.tuples(
            st.sampled_from(["lineup", "turnout", "other"]),
            st.lists(
                st.tuples(
                    st.sampled_from(["stand", "withdraw", "merge", "round2", "change", "x"]),
                    toml_value(),
                ),
                max_size=3,
                unique_by=lambda kv: kv[0],
            ),
        ),
        max_size=2,
        unique_by=lambda s: s[0],
    ),
    st.lists(
        st.tuples(
            st.sampled_from(HEADS),
            st.lists(
                st.tuples(st.sampled_from([*HEADS, "spread", "concentration"]), toml_value()),
                max_size=4,
                unique_by=lambda kv: kv[0],
            ),
        ),
        max_size=2,
        unique_by=lambda r: r[0],
    ),
)


# ---- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the examples' files are written (one directory for the module)."""
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def hdf() -> Iterator[dict[str, Round1Figures]]:
    with Store(":memory:") as store:
        store.load_bundled()
        yield {code: round1_figures(store, "2015", code) for code in ("HDF", "PACA")}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from starlette.exceptions import StarletteDeprecationWarning

    from ballottage.web.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from fastapi.testclient import TestClient

    with TestClient(create_app(":memory:")) as c:
        yield c


def _one_line_or_result(result: Any) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr


# ---- votes files -----------------------------------------------------------------------------


@FUZZ
@given(text=csv_votes)
def test_votes_csv_gives_seats_or_one_line(work: Path, text: str) -> None:
    path = work / "votes.csv"
    path.write_text(text, encoding="utf-8")
    _one_line_or_result(runner.invoke(app, ["allocate", "--votes", str(path), "--seats", "19"]))


@FUZZ
@given(value=json_values)
def test_votes_json_gives_seats_or_one_line(work: Path, value: object) -> None:
    path = work / "votes.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    _one_line_or_result(runner.invoke(app, ["allocate", "--votes", str(path), "--json"]))


@FUZZ
@given(data=raw_bytes, suffix=st.sampled_from([".csv", ".json"]))
def test_votes_bytes_give_seats_or_one_line(work: Path, data: bytes, suffix: str) -> None:
    path = work / f"raw{suffix}"
    path.write_bytes(data)
    _one_line_or_result(runner.invoke(app, ["allocate", "--votes", str(path)]))


# ---- scenario TOML ---------------------------------------------------------------------------


@FUZZ
@given(text=scenario_texts)
def test_scenario_toml_is_a_scenario_or_one_error(hdf: dict[str, Round1Figures], text: str) -> None:
    def figures_for(election: str, region: str) -> Round1Figures:
        if region not in hdf:
            from ballottage.errors import UnknownName

            raise UnknownName("region", region)
        return hdf[region]

    try:
        parse_scenario(text, figures_for, source="fuzz.toml")
    except BallottageError as exc:
        assert "\n" not in str(exc)


# ---- the web API -----------------------------------------------------------------------------

bodies = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {
            "election": st.sampled_from(["2015", "regionales-2015", 2015, None]),
            "region": st.sampled_from(["HDF", "32", "zz", 7]),
        },
        optional={
            "stand": st.lists(st.sampled_from(HEADS), max_size=3),
            "withdraw": json_values,
            "merge": json_values,
            "turnout": st.one_of(st.floats(allow_nan=False), json_values),
            "transfers": json_values,
            "draws": st.integers(-5, 10**7),
            "seed": st.integers(-5, 2**70),
        },
    ),
)


@FUZZ
@given(body=bodies, route=st.sampled_from(["/api/project", "/api/simulate"]))
def test_web_api_answers_json_and_never_5xx(client: Any, body: object, route: str) -> None:
    response = client.post(route, content=json.dumps(body).encode())
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.json()["error"]["message"]


@FUZZ
@given(data=raw_bytes)
def test_web_api_raw_bytes_never_5xx(client: Any, data: bytes) -> None:
    response = client.post(
        "/api/project", content=data, headers={"content-type": "application/json"}
    )
    assert response.status_code < 500


# ---- Ministry tables ---------------------------------------------------------------------------

TABLE = (
    "\n".join(";".join(str(v) for v in row) for row in wide_rows("department", DEPARTMENTS)) + "\n"
).encode()


@FUZZ
@given(
    cut=st.integers(0, len(TABLE)),
    flips=st.lists(
        st.tuples(st.integers(0, len(TABLE) - 1), st.binary(min_size=1, max_size=3)), max_size=3
    ),
)
def test_a_damaged_ministry_table_is_imported_whole_or_not_at_all(
    work: Path, cut: int, flips: list[tuple[int, bytes]]
) -> None:
    data = bytearray(TABLE[:cut])
    for at, new in flips:
        if at < len(data):
            data[at : at + len(new)] = new
    path = work / "departements.csv"
    path.write_bytes(bytes(data))
    with Store(":memory:") as store:
        before = store.counts()
        try:
            import_minint(store, path, election="regionales-2015", round=1)
        except BallottageError as exc:
            assert "\n" not in str(exc)
            assert store.counts() == before


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"election": 2015, "region": "HDF", "turnout": ' + b"9" * 5001 + b"}",
        b'{"election": "2015", "region": "HDF", "turnout": NaN}',
    ],
    ids=["deep", "5001-digits", "nan"],
)
def test_web_api_refuses_hostile_json_with_4xx(client: Any, body: bytes) -> None:
    response = client.post(
        "/api/project", content=body, headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["error"]["message"]


def test_an_unforeseen_server_error_is_one_json_500_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from starlette.exceptions import StarletteDeprecationWarning

    from ballottage.web.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from fastapi.testclient import TestClient

    monkeypatch.delenv("BALLOTTAGE_DEBUG", raising=False)
    app = create_app(":memory:")

    def broken(*args: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(app.state.playground, "elections", broken)
    with TestClient(app) as client:
        response = client.get("/api/elections")
    assert response.status_code == 500
    assert response.json()["error"]["kind"] == "InternalError"
    err = capsys.readouterr().err
    assert "Traceback" not in err and "ZeroDivisionError: a bug" in err

"""2021-style sources built in ``tmp_path``: department tables (BOM, CRLF, decimal commas,
labels without accents) and a region-level JSON keyed by "Prénom Nom" with wrong votants."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ballottage.data import Store
from ballottage.data.imports import (
    import_corsica_round2,
    import_department_tables,
    import_pollsposition,
)
from ballottage.errors import InconsistentData, MissingData, UnknownName

E = "regionales-2021"
# code as the Ministry writes it, label without accents, label with accents
DEPARTMENTS = [
    ("4", "Alpes-de-Haute-Provence", "Alpes-de-Haute-Provence"),
    ("5", "Hautes-Alpes", "Hautes-Alpes"),
    ("6", "Alpes-Maritimes", "Alpes-Maritimes"),
    ("13", "Bouches-du-Rhone", "Bouches-du-Rhône"),
    ("83", "Var", "Var"),
    ("84", "Vaucluse", "Vaucluse"),
]
LISTS = [
    (2, "LUGE", "FELIZIA Jean-Laurent"),
    (6, "LRN", "MARIANI Thierry"),
    (9, "LLR", "MUSELIER Renaud"),
]
JSON_HEADS = {2: "Jean-Laurent Félizia", 6: "Thierry Mariani", 9: "Renaud Muselier"}


def votes(i: int, number: int) -> int:
    return {2: 400, 6: 900, 9: 800}[number] * (i + 1)


def department_files(
    tmp_path: Path, *, label_13: str = "Bouches-du-Rhone", name_83: str = "Var"
) -> tuple[Path, Path]:
    header = (
        "Code du departement;Libelle du departement;N°Liste;Nuance Liste;Libelle Abrege "
        "Liste;Libelle Etendu Liste;Nom Tête de Liste;Voix;% Voix/Ins;% Voix/Exp;Bloc"
    )
    rows = [header]
    for i, (code, plain, _) in enumerate(DEPARTMENTS):
        label = label_13 if code == "13" else plain
        for number, nuance, head in LISTS:
            rows.append(
                f"{code};{label};{number};{nuance};L{number};Liste {number};{head};"
                f"{votes(i, number)};1,5;33,3;Gauche"
            )
        rows.append(";;;;;;;;;;")  # padding rows, as in the real file
    lists = tmp_path / "lists.csv"
    lists.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8"))
    header = (
        "Libellé du département;Inscrits;Abstentions;% Abs/Ins;Votants;% Vot/Ins;Blancs;"
        "% Blancs/Ins;% Blancs/Vot;Nuls;% Nuls/Ins;% Nuls/Vot;Exprimés;% Exp/Ins;"
        "% Exp/Vot;Year"
    )
    rows = [header]
    for i, (code, _, accented) in enumerate(DEPARTMENTS):
        exprimes = sum(votes(i, n) for n, _, _ in LISTS)
        votants = exprimes + 50
        inscrits = 3 * votants
        name = name_83 if code == "83" else accented
        rows.append(
            f"{name};{inscrits};{inscrits - votants};66,67;{votants};33,33;30;0,1;0,9;"
            f"20;0,1;0,6;{exprimes};30,1;97,5;2021"
        )
    totals = tmp_path / "totals.csv"
    totals.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    return lists, totals


def region_json(
    tmp_path: Path,
    *,
    votants_t1: int | None = None,
    round2: dict[str, int] | None = None,
    region: str = "Provence-Alpes-Côte d’Azur",
    heads: dict[int, str] | None = None,
) -> Path:
    heads = heads or JSON_HEADS
    t1 = {heads[n]: sum(votes(i, n) for i in range(len(DEPARTMENTS))) for n, _, _ in LISTS}
    exprimes = sum(t1.values())
    votants = sum(votes(i, n) for i in range(6) for n, _, _ in LISTS) + 50 * len(DEPARTMENTS)
    inscrits = 3 * votants
    t2 = round2 if round2 is not None else {heads[9]: 30000, heads[6]: 25000}
    data: dict[str, Any] = {
        "2021": {
            "source": "https://example.org/t",
            "resultats": {
                region: {
                    "premier_tour": {
                        "inscrits": inscrits,
                        "votants": votants_t1 or votants,
                        "exprimes": exprimes,
                        "resultats": t1,
                    },
                    "second_tour": {
                        "inscrits": inscrits,
                        "votants": sum(t2.values()) + 90,
                        "exprimes": sum(t2.values()),
                        "resultats": t2,
                    },
                }
            },
        }
    }
    path = tmp_path / "regions.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(":memory:") as s:
        import_department_tables(s, *department_files(tmp_path), election=E)
        yield s


def test_department_tables_are_read_whatever_their_accents_and_line_ends(store: Store) -> None:
    rr = store.round_results(E, "PACA", 1, level="department")
    assert {a.area.code for a in rr.areas} == {"04", "05", "06", "13", "83", "84"}
    assert rr.lists[0].list.head == "MARIANI Thierry"
    assert rr.lists[0].list.family == "far-right" and rr.lists[0].votes == 900 * 21
    bdr = next(a for a in rr.areas if a.area.code == "13")
    assert bdr.area.name == "Bouches-du-Rhône"
    t = bdr.turnout
    assert (t.blancs, t.nuls, t.exprimes, t.votants) == (30, 20, 2100 * 4, 2100 * 4 + 50)
    assert rr.notes[0].endswith("are the sum of its departments")


def test_department_labels_must_name_their_code(tmp_path: Path) -> None:
    with Store(":memory:") as s, pytest.raises(InconsistentData, match="department 13.*'Var'"):
        import_department_tables(s, *department_files(tmp_path, label_13="Var"), election=E)
    with Store(":memory:") as s, pytest.raises(UnknownName, match="unknown department 'Varr'"):
        import_department_tables(s, *department_files(tmp_path, name_83="Varr"), election=E)


def test_wrong_votants_are_reported_and_replaced_by_the_departments_sum(
    store: Store, tmp_path: Path
) -> None:
    right = store.round_results(E, "PACA", 1).turnout.votants
    assert right is not None
    inscrits = 3 * right
    r1, r2 = import_pollsposition(
        store, region_json(tmp_path, votants_t1=inscrits - right), election=E
    )
    [warning] = r1.warnings
    assert warning.startswith("region 93 Provence-Alpes-Côte d'Azur, round 1: votants ")
    assert f"departments add up to {right:,}".replace(",", " ") in warning
    assert "is the number of abstentions" in warning and r2.warnings == ()
    turnout = store.round_results(E, "PACA", 1).turnout
    assert turnout.votants == right and turnout.exprimes is not None
    assert turnout.votants >= turnout.exprimes
    assert any("cannot be right" in n for n in store.round_results(E, "PACA", 1).notes)
    round2 = store.round_results(E, "PACA", 2)
    assert round2.votes_by_head() == {"MUSELIER Renaud": 30000, "MARIANI Thierry": 25000}
    assert round2.lists[0].list.nuance == "LLR"
    before = store.counts()
    again = import_pollsposition(
        store, region_json(tmp_path, votants_t1=inscrits - right), election=E
    )
    assert all(r.skipped for r in again) and store.counts() == before


def test_without_departments_votants_below_exprimes_are_stored_missing(tmp_path: Path) -> None:
    with Store(":memory:") as s:
        r1, _ = import_pollsposition(s, region_json(tmp_path, votants_t1=1000), election=E)
        assert "fewer votants than exprimés" in r1.warnings[0]
        assert r1.warnings[0].startswith("region 93 Provence-Alpes-Côte d'Azur, round 1")
        turnout = s.round_results(E, "PACA", 1).turnout
        assert turnout.votants is None and turnout.exprimes == 44100
        assert s.lists(E, "PACA")[0].head == "Jean-Laurent Félizia"


def test_an_unmatched_round_two_head_is_an_error_and_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    before = store.counts()
    path = region_json(tmp_path, round2={"Renaud Muselier": 3, "Marion Maréchal": 2})
    with pytest.raises(
        InconsistentData,
        match=r"region 93 Provence-Alpes-Côte d'Azur, round 2: "
        r"Marion Maréchal heads no list",
    ):
        import_pollsposition(store, path, election=E)
    assert store.counts() == before


def test_round_two_needs_round_one_lists(tmp_path: Path) -> None:
    text = json.loads(region_json(tmp_path).read_text(encoding="utf-8"))
    del text["2021"]["resultats"]["Provence-Alpes-Côte d’Azur"]["premier_tour"]
    path = tmp_path / "t2.json"
    path.write_text(json.dumps(text), encoding="utf-8")
    with Store(":memory:") as s, pytest.raises(MissingData, match="import round 1 first"):
        import_pollsposition(s, path, election=E)


def test_corsica_round_two_from_two_sources_must_agree(tmp_path: Path) -> None:
    heads = {2: "Gilles Simeoni", 6: "Laurent Marcangeli", 9: "Jean-Christophe Angelini"}
    path = region_json(
        tmp_path,
        region="Corse",
        heads=heads,
        round2={"Gilles Simeoni": 500, "Laurent Marcangeli": 400},
    )
    header = "year;code_region;region;tete_de_liste;nuance;voix_t2;source_url"
    csv = tmp_path / "corse.csv"
    with Store(":memory:") as s:
        import_pollsposition(s, path, election=E)
        csv.write_text(
            f"{header}\n2021;94;Corse;SIMEONI Gilles;LREG;500;http://a\n"
            "2021;94;Corse;MARCANGELI Laurent;LDVD;400;http://a\n",
            encoding="utf-8",
        )
        import_corsica_round2(s, csv, election=E)
        rr = s.round_results(E, "corse", 2)
        assert rr.turnout.votants == 990  # the JSON's turnout is kept
        assert any("corse.csv agrees with regions.json" in x for x in rr.sources)
        csv.write_text(
            f"{header}\n2021;94;Corse;SIMEONI Gilles;LREG;501;http://a\n"
            "2021;94;Corse;MARCANGELI Laurent;LDVD;400;http://a\n",
            encoding="utf-8",
        )
        with pytest.raises(
            InconsistentData,
            match="Gilles Simeoni has 501 votes in corse.csv but 500 in regions.json",
        ):
            import_corsica_round2(s, csv, election=E)


def test_the_region_file_is_checked_before_anything_is_stored(tmp_path: Path) -> None:
    from ballottage.data.sources.pollsposition import read_pollsposition
    from ballottage.errors import InvalidInput

    path = region_json(tmp_path)
    with pytest.raises(InvalidInput, match="has no results for this year"):
        read_pollsposition(path, 2015)
    text = path.read_text(encoding="utf-8")
    (tmp_path / "atlantis.json").write_text(
        text.replace("Provence-Alpes-Côte d’Azur", "Atlantis"), encoding="utf-8"
    )
    with pytest.raises(UnknownName, match="unknown region 'Atlantis'"):
        read_pollsposition(tmp_path / "atlantis.json", 2021)
    data = json.loads(text)
    data["2021"]["resultats"]["Provence-Alpes-Côte d’Azur"]["second_tour"]["resultats"][
        "Renaud Muselier"
    ] = "many"
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidInput, match="Renaud Muselier='many': is not a whole number"):
        read_pollsposition(tmp_path / "bad.json", 2021)
    tables = read_pollsposition(path, 2021)
    assert tables.url == "https://example.org/t" and sorted(tables.rounds) == [1, 2]
    assert list(tables.rounds[2].lists["head"]) == ["Renaud Muselier", "Thierry Mariani"]

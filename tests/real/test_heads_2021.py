"""Heads of list as the Ministry spells them: every 2021 head, one spelling per person.

The 2021 department file broke accented letters (``PeCRESSE Valerie``); ``reference/heads.csv``
repairs them. This test lists every head of every 2021 list as stored, so a broken letter, or a
repair that changes a name, fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from ballottage.data import Store
from ballottage.data.imports.spellings import spelled_heads

HEADS_2021 = {
    "01": (
        "BOREL-LINCERTIN Josette",
        "CHALUS Ary",
        "CORIOLAN Eric",
        "DELANNAY Tony",
        "MATHIASIN Max, Mathias",
        "NANOR Christelle, Renée",
        "NOMERTIN Jean-Marie",
        "PETRO Sonia, Iabelle",
        "PIRBAKAS Maxette",
        "PLAISIR Alain",
        "SELBONNE Ronald",
        "WILLIAM Willy, Kevin",
    ),
    "02": (
        "BELLAY Béatrice",
        "BERISSON Olivier",
        "CONCONNE Catherine",
        "FERDINAND Guy Christian Marie",
        "JEAN-MARIE Gabriel",
        "JOCK Philippe",
        "LETCHIMY Serge",
        "MARIE-JEANNE Alfred",
        "MONPLAISIR Ralph Donald Yves",
        "MONPLAISIR Yan",
        "NILOR Jean-Philippe",
        "ORVILLE Max",
        "PETIT Philippe",
        "SELLAYE Marcel",
    ),
    "03": (
        "ALEXANDRE Rodolphe",
        "AMERICAIN Jessi",
        "FEREIRA Jean Paul",
        "SERVILLE Gabriel",
    ),
    "04": (
        "BAREIGTS Ericka",
        "BELLO Huguette",
        "CADET Philippe",
        "DE FLORE Corinne",
        "HOARAU Olivier",
        "LEBRETON Patrick",
        "MARCHAU Jean-Pierre",
        "MIRANVILLE Vanessa",
        "PAYET Jean Yves",
        "RIVIERE Joseph",
        "ROBERT Didier",
    ),
    "11": (
        "ARTHAUD Nathalie",
        "AUTAIN Clémentine",
        "BARDELLA Jordan",
        "BAYOU Julien",
        "BERLINGEN Éric",
        "BROT Lionel",
        "CONTI Fabiola",
        "PAILHAC Victor",
        "PULVAR Audrey",
        "PÉCRESSE Valérie",
        "SAINT-MARTIN Laurent",
    ),
    "24": (
        "BONNEAU François",
        "CLÉMENT Jérémy",
        "FESNEAU Marc",
        "FORISSIER Nicolas",
        "FOURNIER Charles",
        "MEGDOUD Farida",
        "NIKOLIC Aleksandar",
    ),
    "27": (
        "DUFAY Marie-Guite",
        "FAUDOT Bastien",
        "MODDE Stéphanie",
        "ODOUL Julien",
        "PLATRET Gilles",
        "ROCHER Claire",
        "THURIOT Denis",
    ),
    "28": (
        "BAY Nicolas",
        "BONNATERRE Laurent",
        "BOULANGER Mélanie",
        "JUMEL Sébastien",
        "KERBARH Stéphanie",
        "LE MANACH Pascal",
        "MORIN Hervé",
    ),
    "32": (
        "ALEXANDRE Audric",
        "BERTRAND Xavier",
        "CHENU Sébastien",
        "DELLI Karima",
        "EVRARD José",
        "PECQUEUR Éric",
        "PIETRASZEWSKI Laurent",
    ),
    "44": (
        "FILIPPETTI Aurélie",
        "FÈVE Louise",
        "JACOBELLI Laurent",
        "KLINKERT Brigitte",
        "MEYER Martin",
        "PHILIPPOT Florian",
        "ROMANI Eliane",
        "ROTTNER Jean",
        "TYANE Adil",
    ),
    "52": (
        "BAYLE DE JESSÉ Cécile",
        "DE RUGY François",
        "GAROT Guillaume",
        "JUVIN Hervé",
        "LE BELLER Eddy",
        "MORANÇAIS Christelle",
        "ORPHELIN Matthieu",
        "RIGAUDEAU Linda",
    ),
    "53": (
        "BURLOT Thierry",
        "CABAS David",
        "CADALEN Pierre-Yves",
        "CHAUVEL Yves",
        "CHESNAIS-GIRARD Loïg",
        "CUEFF Daniel",
        "DAVIET Christophe",
        "DESMARES-POIRRIER Claire",
        "ELAHIAR Kamel",
        "HAMON Valérie",
        "LE CALLENNEC Isabelle",
        "MARTIN Joannic",
        "PENNELLE Gilles",
    ),
    "75": (
        "DARRIEUSSECQ Geneviève",
        "DIAZ Edwige",
        "FLORIAN Nicolas",
        "GUETTÉ Clémence",
        "PERCHET Guillaume",
        "PUYJALON Eddie",
        "ROUSSET Alain",
        "THIERRY Nicolas",
    ),
    "76": (
        "ADRADA Malena",
        "DAVEZAC Jean-Luc",
        "DELGA Carole",
        "GARRAUD Jean-Paul",
        "LE BOURSICAUD Anthony",
        "MARTIN Myriam",
        "MAURICE Antoine",
        "PRADIÉ Aurélien",
        "TERRAIL-NOVÈS Vincent",
    ),
    "84": (
        "BONNELL Bruno",
        "CUKIERMAN Cécile",
        "GILL Shella",
        "GOMEZ Chantal",
        "GREBERT Fabienne",
        "KOTARAC Andréa",
        "OMEIR Farid",
        "VALLAUD-BELKACEM Najat",
        "WAUQUIEZ Laurent",
    ),
    "93": (
        "BONNET Isabelle",
        "CHUISANO Noël",
        "FELIZIA Jean-Laurent",
        "GOVERNATORI Jean-Marc",
        "GUERRERA Hervé",
        "LAUPIES Valérie",
        "MARIANI Thierry",
        "MUSELIER Renaud",
        "VINCENZI Mikael",
    ),
    "94": (
        "ANGELINI Jean-Christophe",
        "BENEDETTI Paul-Félix",
        "FILONI François",
        "GIACOMI Jean-Antoine",
        "MARCANGELI Laurent",
        "ORSUCCI Jean-Charles",
        "SIMEONI Gilles",
        "SIMONPIETRI Agnès",
        "STEFANI Michel",
        "TALAMONI Jean-Guy",
    ),
}


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with Store(":memory:") as s:
        s.load_bundled()
        yield s


def _heads(store: Store, election: str) -> dict[str, tuple[str, ...]]:
    rows = store.con.execute(
        "SELECT region, head FROM lists WHERE election = ? ORDER BY region, head", [election]
    ).fetchall()
    out: dict[str, list[str]] = {}
    for region, head in rows:
        out.setdefault(str(region), []).append(str(head))
    return {r: tuple(h) for r, h in out.items()}


def test_every_2021_head_is_spelled_as_listed(store: Store) -> None:
    assert _heads(store, "regionales-2021") == HEADS_2021


def _broken(head: str) -> bool:
    return any(
        (re.search(r"[A-ZÀ-Þ]{2}", word) and re.search(r"[a-zß-ÿ]", word))
        or re.match(r"[a-zß-ÿ]", word)
        for word in re.split(r"[ ,]+", head)
        if word
    )


def test_no_2021_head_keeps_a_broken_letter(store: Store) -> None:
    # The file wrote an accented capital as a small letter: inside a capital word (PeCRESSE)
    # or at the start of a first name (PECQUEUR eric).
    raw = [a for (_, a) in spelled_heads("regionales-2021")]
    assert sum(1 for h in raw if _broken(h)) == 10
    heads = [h for group in HEADS_2021.values() for h in group]
    assert [h for h in heads if _broken(h)] == []
    assert "PÉCRESSE Valérie" in HEADS_2021["11"] and "MORANÇAIS Christelle" in HEADS_2021["52"]
    assert "PECQUEUR Éric" in HEADS_2021["32"] and "CLÉMENT Jérémy" in HEADS_2021["24"]
    assert "TERRAIL-NOVÈS Vincent" in HEADS_2021["76"] and "PRADIÉ Aurélien" in HEADS_2021["76"]
    # A plain capital was plain in the Ministry's file: no accent is added to it.
    assert "CORIOLAN Eric" in HEADS_2021["01"] and "RIVIERE Joseph" in HEADS_2021["04"]


def test_the_repair_table_covers_every_head_of_the_2021_file(store: Store) -> None:
    repaired = spelled_heads("regionales-2021")
    stored = {(r, h) for r, heads in HEADS_2021.items() for h in heads}
    assert {(r, h) for (r, _), h in repaired.items()} == stored


def test_one_spelling_per_person_in_2015_and_2021(store: Store) -> None:
    h2015 = {h for group in _heads(store, "regionales-2015").values() for h in group}
    h2021 = {h for group in HEADS_2021.values() for h in group}
    for head in ("PÉCRESSE Valérie", "PECQUEUR Éric", "GOVERNATORI Jean-Marc", "BERTRAND Xavier"):
        assert head in h2015 and head in h2021
    assert "PECRESSE Valérie" not in h2015

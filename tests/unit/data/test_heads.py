"""Heads of list spelled "Prénom Nom" (and misspelt) matched to "NOM Prénom" lists."""

from __future__ import annotations

import pytest

from ballottage.data.imports.heads import match_heads, similarity, words
from ballottage.errors import InconsistentData

PACA = {
    1: "BONNET Isabelle",
    2: "FELIZIA Jean-Laurent",
    6: "MARIANI Thierry",
    9: "MUSELIER Renaud",
    7: "CHUISANO Noël",
}
MARTINIQUE = {8: "MONPLAISIR Ralph Donald Yves", 12: "MONPLAISIR Yan", 1: "LETCHIMY Serge"}


@pytest.mark.parametrize(
    ("head", "number"),
    [
        ("Jean-Laurent Félizia", 2),  # order, accents
        ("jean laurent felizia", 2),  # case, hyphens
        ("FELIZIA  Jean-Laurent", 2),  # spaces
        ("Noel Chuisano", 7),
        ("Renaud Muselier", 9),
    ],
)
def test_same_words_in_any_order_match(head: str, number: int) -> None:
    assert match_heads([head], PACA, place="PACA", source="t.json") == {head: number}


def test_misspelt_heads_match_the_clearly_closest_list() -> None:
    found = match_heads(
        ["Ralph Donal Yves Monplaisir", "Yan Monplaisir"],
        MARTINIQUE,
        place="Martinique",
        source="t.json",
    )
    assert found == {"Ralph Donal Yves Monplaisir": 8, "Yan Monplaisir": 12}
    cvl = {4: "FESNEAU Marc", 1: "BONNEAU Francois"}
    assert match_heads(["Marc Fesnau"], cvl, place="CVL", source="t") == {"Marc Fesnau": 4}
    assert similarity("Gauillaume Garot", "GAROT Guillaume") > 0.9


def test_an_unknown_head_names_the_region_and_the_head() -> None:
    with pytest.raises(
        InconsistentData,
        match=r"region 93 PACA, round 2: Marine Le Pen heads "
        r"no list of the store's round 1 \(t.json\)",
    ):
        match_heads(
            ["Renaud Muselier", "Marine Le Pen"],
            PACA,
            place="region 93 PACA, round 2",
            source="t.json",
        )


def test_ambiguous_heads_are_refused() -> None:
    with pytest.raises(InconsistentData, match="could head lists 1, 2"):
        match_heads(["Anne Martin"], {1: "MARTIN Anne", 2: "MARTIN Anne"}, place="X", source="t")
    with pytest.raises(InconsistentData, match="could be"):
        match_heads(["Jean Duponx"], {1: "DUPONT Jean", 2: "DUPONS Jean"}, place="X", source="t")
    with pytest.raises(InconsistentData, match="both match list 9"):
        match_heads(["Renaud Muselier", "Muselier Renaud"], PACA, place="X", source="t")


def test_words_ignore_punctuation() -> None:
    assert words("PETRO Sonia, Iabelle") == ("iabelle", "petro", "sonia")
    assert similarity("", "X") == 0.0

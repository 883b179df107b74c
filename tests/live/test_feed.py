"""Readers of the night's files: the plain CSV, the Ministry's ``;`` export and XML tree."""

from __future__ import annotations

import pytest

from ballottage.errors import InvalidInput, UnreadableFile
from ballottage.live import ministry_xml
from ballottage.live.feed import ListResult, UnitResult, read_units_csv
from ballottage.live.ministry_text import read_ministry_text

HEADER = "region;level;code;name;inscrits;votants;blancs;nuls;exprimes;head;nuance;votes"


def test_the_plain_csv_gives_one_unit_per_code_with_its_lists() -> None:
    text = "\n".join(
        [
            HEADER,
            "32;department;59;Nord;1000;600;20;10;570;LE PEN Marine;LFN;300",
            "32;department;59;Nord;1000;600;20;10;570;BERTRAND Xavier;LUD;270",
            "32;commune;59350;Lille;500;200;;;200;BERTRAND Xavier;LUD;200",
            "84;canton;1-1;Ambérieu;10;5;0;0;5;WAUQUIEZ Laurent;LUD;5",
        ]
    )
    units = read_units_csv(text, "night.csv")
    assert [u.area for u in units] == ["department:59", "commune:59350", "canton:01-01"]
    assert units[0].votes() == {"LE PEN Marine": 300, "BERTRAND Xavier": 270}
    assert units[1].blancs is None and units[1].exprimes == 200


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ("32;department;59;Nord;1000;600;20;10;570;LE PEN Marine;LFN;-3", "votes (line 2)"),
        ("32;arrondissement;59;Nord;1;1;0;0;1;X Y;;1", "level (line 2)"),
        ("32;department;XX;Nord;1;1;0;0;1;X Y;;1", "code (line 2)"),
        ("32;department;59;Nord;1 000x;1;0;0;1;X Y;;1", "inscrits (line 2)"),
    ],
)
def test_a_bad_field_is_named_with_its_file_and_line(row: str, said: str) -> None:
    with pytest.raises(InvalidInput) as err:
        read_units_csv(f"{HEADER}\n{row}", "night.csv")
    assert "night.csv" in str(err.value) and said in str(err.value)


def test_a_csv_without_the_columns_is_refused() -> None:
    with pytest.raises(UnreadableFile, match="missing column"):
        read_units_csv("a;b\n1;2", "x.csv")


def test_the_ministry_text_export_is_read_by_commune() -> None:
    header = (
        "Code du département;Libellé du département;Code de la commune;Libellé de la commune;"
        "Inscrits;Abstentions;Votants;Blancs;Nuls;Exprimés;"
        "N°Liste;Nuance Liste;Libellé Abrégé Liste;Libellé Etendu Liste;Nom Tête de Liste;Voix;"
        "N°Liste;Nuance Liste;Libellé Abrégé Liste;Libellé Etendu Liste;Nom Tête de Liste;Voix"
    )
    row = "59;Nord;350;Lille;1 000;400;600;20;10;570;1;LFN;FN;X;LE PEN Marine;300;6;LUD;LR;Y;"
    row += "BERTRAND Xavier;270"
    short = "2A;Corse-du-Sud;4;Ajaccio;10;5;5;0;0;5;2;LREG;PNC;Z;SIMEONI Gilles;5;;;;;;"
    (lille, ajaccio) = read_ministry_text(f"{header}\n{row}\n{short}\n", "reg.txt")
    assert lille.area == "commune:59350" and lille.region == "32"
    assert lille.votes() == {"LE PEN Marine": 300, "BERTRAND Xavier": 270}
    assert lille.inscrits == 1000 and lille.blancs == 20
    assert ajaccio.area == "commune:2A004" and ajaccio.region == "94"
    assert ajaccio.votes() == {"SIMEONI Gilles": 5}


def test_the_xml_tree_reads_back_what_it_wrote() -> None:
    unit = UnitResult(
        "commune",
        "59350",
        "Lille",
        "32",
        1000,
        600,
        20,
        10,
        570,
        (ListResult("LE PEN Marine", 300, "LFN"), ListResult("DE SAINTIGNON Pierre", 270, "LUG")),
    )
    data = ministry_xml.write_unit("032", "059", 2, unit, "350")
    assert ministry_xml.read_unit(data, "059350.xml", 2) == unit
    canton = UnitResult(
        "canton",
        "01-01",
        "Ambérieu",
        "84",
        10,
        5,
        None,
        None,
        5,
        (ListResult("WAUQUIEZ Laurent", 5, None),),
    )
    data = ministry_xml.write_unit("084", "001", 1, canton, "01-01")
    assert ministry_xml.read_unit(data, "00101-01.xml", 1) == canton


def test_the_xml_indexes_say_which_units_reported_and_when() -> None:
    region = ministry_xml.RegionEntry("32", "032", "13/12/2015 21:05:00", False, ("059", "062"))
    (read,) = ministry_xml.read_index(ministry_xml.write_index([region], 2015), "index.xml")
    assert read == ministry_xml.RegionEntry(
        "32", "032", "13/12/2015 21:05:00", False, ("059", "062")
    )
    entries = [
        ministry_xml.UnitEntry("350", "Lille", True, "13/12/2015 21:00:00"),
        ministry_xml.UnitEntry("178", "Douai", False, ""),
    ]
    data = ministry_xml.write_section_index("032", "059", 2, entries)
    assert ministry_xml.read_section_index(data, "index.xml", 2) == tuple(entries)
    with pytest.raises(InvalidInput, match="NumTour 1"):
        ministry_xml.read_section_index(data, "index.xml", 1)


def test_xml_that_is_not_the_ministrys_is_named() -> None:
    with pytest.raises(UnreadableFile, match="bad.xml: not well-formed"):
        ministry_xml.read_index(b"<Election><Regions>", "bad.xml")
    with pytest.raises(UnreadableFile, match="DTD"):
        ministry_xml.read_index(b'<!DOCTYPE x [<!ENTITY a "b">]><Election/>', "evil.xml")
    with pytest.raises(InvalidInput, match="NbVoix"):
        ministry_xml.read_unit(
            ministry_xml.write_unit(
                "032",
                "059",
                1,
                UnitResult(
                    "commune", "59350", "", "32", 1, 1, None, None, 1, (ListResult("X Y", 1),)
                ),
                "350",
            ).replace(b"<NbVoix>1<", b"<NbVoix>un<"),
            "059350.xml",
            1,
        )

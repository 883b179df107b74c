"""The Ministry of the Interior's election-night XML tree: read it, and write it (for replays).

The subset read here (sources in docs/live.md) is the regional elections' tree under
``telechargements/RG2015/resultatsT{N}/``:

* ``index.xml``: ``Election/Regions/Region`` with ``CodReg``, ``DateDerMaj``, ``HeureDerMaj``,
  ``Complet`` (O/N) and ``SectionsElectorales/SectionElectorale/CodSecElec``;
* ``{CodReg}/{CodSecElec}/index.xml``: ``…/Tours/Tour[NumTour=N]/Communes/Commune`` with
  ``CodSubCom``, ``LibSubCom``, ``ResultatsParvenus`` (O/N), ``DateDerMaj``, ``HeureDerMaj``;
* ``{CodReg}/{CodSecElec}/{CodSecElec}{CodSubCom}.xml``: ``…/Commune/Tours/Tour`` with
  ``Mentions`` (``Inscrits``, ``Abstentions``, ``Votants``, ``Blancs``, ``Nuls``, ``Exprimes``,
  each a ``Nombre``) and ``Listes/Liste`` (``NomTeteListe``, ``PrenomTeteListe``,
  ``CodNuaListe``, ``NbVoix``).

The Ministry publishes communes. A replay of a store that holds only cantons or departments
puts those units in the commune slots and says so with a ``TypeUnite`` element (``canton`` or
``department``), which the Ministry's own files do not have.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from ballottage.data.reference import region_code
from ballottage.errors import InvalidInput, UnreadableFile
from ballottage.live.feed import (
    ListResult,
    UnitResult,
    department_region,
    parse_count,
    section_department,
    unit_code,
)

XML_BYTES = 20_000_000
"""A file of the tree larger than this is refused (a commune file is a few kilobytes)."""


@dataclass(frozen=True)
class RegionEntry:
    """A region of ``index.xml``: where its sections are, when it last changed."""

    code: str
    directory: str
    updated: str
    complete: bool
    sections: tuple[str, ...]


@dataclass(frozen=True)
class UnitEntry:
    """A unit of a section index: has it reported, when did it last change."""

    code: str
    name: str
    arrived: bool
    updated: str


def _parse(data: bytes, name: str) -> ET.Element:
    if len(data) > XML_BYTES:
        raise UnreadableFile(name, f"over {XML_BYTES} bytes: not a file of the Ministry's tree")
    if b"<!DOCTYPE" in data[:2000] or b"<!ENTITY" in data[:4000]:
        raise UnreadableFile(
            name, "declares a DTD or entities, which the Ministry's files never do"
        )
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise UnreadableFile(name, f"not well-formed XML ({exc})") from None


def _text(node: ET.Element, path: str, name: str) -> str:
    found = node.find(path)
    if found is None or found.text is None or not found.text.strip():
        raise InvalidInput(path, None, "is missing", file=name)
    return found.text.strip()


def _optional(node: ET.Element, path: str) -> str:
    found = node.find(path)
    return (found.text or "").strip() if found is not None else ""


def _region(raw: str, name: str) -> str:
    try:
        return region_code(raw.lstrip("0") or "0")
    except InvalidInput:
        raise InvalidInput("CodReg", raw, "is not an INSEE region code", file=name) from None


def read_index(data: bytes, name: str) -> tuple[RegionEntry, ...]:
    """Regions of ``index.xml``, each with its sections and last update."""
    root = _parse(data, name)
    regions = root.findall("./Regions/Region")
    if root.tag != "Election" or not regions:
        raise UnreadableFile(name, "no Election/Regions/Region: not the Ministry's index.xml")
    out = []
    for node in regions:
        raw = _text(node, "CodReg", name)
        sections = tuple(
            (s.text or "").strip()
            for s in node.findall("./SectionsElectorales/SectionElectorale/CodSecElec")
        )
        updated = f"{_optional(node, 'DateDerMaj')} {_optional(node, 'HeureDerMaj')}".strip()
        out.append(
            RegionEntry(
                _region(raw, name), raw, updated, _optional(node, "Complet") == "O", sections
            )
        )
    return tuple(out)


def _tour(node: ET.Element, round_: int, name: str) -> ET.Element:
    for tour in node.iter("Tour"):
        if _optional(tour, "NumTour") == str(round_):
            return tour
    raise InvalidInput("Tour", round_, f"no Tour with NumTour {round_}", file=name)


def read_section_index(data: bytes, name: str, round_: int) -> tuple[UnitEntry, ...]:
    """Units of a section's ``index.xml`` for round ``round_``."""
    tour = _tour(_parse(data, name), round_, name)
    out = []
    for node in tour.findall("./Communes/Commune"):
        updated = f"{_optional(node, 'DateDerMaj')} {_optional(node, 'HeureDerMaj')}".strip()
        out.append(
            UnitEntry(
                _text(node, "CodSubCom", name),
                _optional(node, "LibSubCom"),
                _optional(node, "ResultatsParvenus") in ("O", "OUI"),
                updated,
            )
        )
    return tuple(out)


def read_unit(data: bytes, name: str, round_: int) -> UnitResult:
    """One unit's file: its turnout (``Mentions``) and its lists' votes for round ``round_``."""
    root = _parse(data, name)
    unit = root.find(".//Commune")
    if unit is None:
        raise UnreadableFile(name, "no Commune element: not a unit file of the Ministry's tree")
    level = _optional(unit, "TypeUnite") or "commune"
    if level not in ("commune", "canton", "department"):
        raise InvalidInput("TypeUnite", level, "must be commune, canton or department", file=name)
    raw = _text(unit, "CodSubCom", name)
    if level == "commune":
        try:
            dep = section_department(_text(root, ".//SectionElectorale/CodSecElec", name))
        except InvalidInput:
            raise InvalidInput(
                "CodSecElec", None, "must name the commune's department", file=name
            ) from None
        code = unit_code("commune", _commune(dep, raw), file=name)
        region = department_region(dep, file=name)
    else:
        code = unit_code(level, raw, file=name)
        region = department_region(code.split("-")[0], file=name)
    tour = _tour(unit, round_, name)
    counts = {
        key: parse_count(_text(tour, f"Mentions/{key}/Nombre", name), file=name, field=key)
        for key in ("Inscrits", "Votants", "Exprimes")
    }
    spoilt = {
        key: parse_count(_optional(tour, f"Mentions/{key}/Nombre"), file=name, field=key)
        if _optional(tour, f"Mentions/{key}/Nombre")
        else None
        for key in ("Blancs", "Nuls")
    }
    lists = tuple(_list(node, name) for node in tour.iter("Liste"))
    return UnitResult(
        level,
        code,
        _optional(unit, "LibSubCom"),
        region,
        counts["Inscrits"],
        counts["Votants"],
        spoilt["Blancs"],
        spoilt["Nuls"],
        counts["Exprimes"],
        lists,
    )


def _commune(department: str, raw: str) -> str:
    if len(raw) == 5:
        return raw
    return department + raw.zfill(3)[-2:] if len(department) == 3 else department + raw.zfill(3)


def _list(node: ET.Element, name: str) -> ListResult:
    head = " ".join(
        p for p in (_text(node, "NomTeteListe", name), _optional(node, "PrenomTeteListe")) if p
    )
    votes = parse_count(_text(node, "NbVoix", name), file=name, field=f"NbVoix of {head}")
    return ListResult(head, votes, _optional(node, "CodNuaListe") or None)


def split_head(head: str) -> tuple[str, str]:
    """``NomTeteListe`` and ``PrenomTeteListe`` of a head written ``NOM Prénom``.

    >>> split_head("DE SAINTIGNON Pierre"), split_head("LE PEN Marine")
    (('DE SAINTIGNON', 'Pierre'), ('LE PEN', 'Marine'))
    """
    words = head.split()
    upper = 0
    while upper < len(words) - 1 and words[upper].isupper():
        upper += 1
    upper = max(upper, 1)
    return " ".join(words[:upper]), " ".join(words[upper:])


# ---- writing (replays) ------------------------------------------------------------------


def _element(parent: ET.Element, tag: str, text: str | int | None = None) -> ET.Element:
    node = ET.SubElement(parent, tag)
    if text is not None:
        node.text = str(text)
    return node


def _document(root: ET.Element) -> bytes:
    return bytes(ET.tostring(root, encoding="ISO-8859-1", xml_declaration=True))


def region_directory(region: str) -> str:
    """The tree's directory of a region: its code on three characters (``032``)."""
    return region.zfill(3)


def section_directory(department: str) -> str:
    """The tree's directory of a section: the department on three characters (``059``)."""
    return department.zfill(3)


def write_index(regions: Sequence[RegionEntry], year: int) -> bytes:
    """``index.xml`` of the tree."""
    root = ET.Element("Election")
    scrutin = _element(root, "Scrutin")
    _element(scrutin, "Type", "RG")
    _element(scrutin, "Annee", year)
    parent = _element(root, "Regions")
    for r in regions:
        node = _element(parent, "Region")
        _element(node, "CodReg", r.directory)
        date, _, hour = r.updated.partition(" ")
        _element(node, "DateDerMaj", date)
        _element(node, "HeureDerMaj", hour)
        _element(node, "Complet", "O" if r.complete else "N")
        sections = _element(node, "SectionsElectorales")
        for s in r.sections:
            _element(_element(sections, "SectionElectorale"), "CodSecElec", s)
    return _document(root)


def write_section_index(
    region: str, section: str, round_: int, units: Sequence[UnitEntry]
) -> bytes:
    """``{CodReg}/{CodSecElec}/index.xml``: every unit of the section, reported or not."""
    root = ET.Element("Election")
    reg = _element(root, "Region")
    _element(reg, "CodReg", region)
    sec = _element(reg, "SectionElectorale")
    _element(sec, "CodSecElec", section)
    tour = _element(_element(sec, "Tours"), "Tour")
    _element(tour, "NumTour", round_)
    communes = _element(tour, "Communes")
    for u in units:
        node = _element(communes, "Commune")
        _element(node, "CodSubCom", u.code)
        _element(node, "LibSubCom", u.name)
        _element(node, "ResultatsParvenus", "O" if u.arrived else "N")
        date, _, hour = u.updated.partition(" ")
        _element(node, "DateDerMaj", date)
        _element(node, "HeureDerMaj", hour)
    return _document(root)


def write_unit(region: str, section: str, round_: int, unit: UnitResult, sub: str) -> bytes:
    """A unit's file; ``sub`` is its ``CodSubCom`` (a commune's three digits, or the canton's
    or department's code, with ``TypeUnite``)."""
    root = ET.Element("Election")
    reg = _element(root, "Region")
    _element(reg, "CodReg", region)
    sec = _element(reg, "SectionElectorale")
    _element(sec, "CodSecElec", section)
    com = _element(sec, "Commune")
    _element(com, "CodSubCom", sub)
    _element(com, "LibSubCom", unit.name)
    if unit.level != "commune":
        _element(com, "TypeUnite", unit.level)
    tour = _element(_element(com, "Tours"), "Tour")
    _element(tour, "NumTour", round_)
    mentions = _element(tour, "Mentions")
    figures = {
        "Inscrits": unit.inscrits,
        "Abstentions": unit.inscrits - unit.votants,
        "Votants": unit.votants,
        "Blancs": unit.blancs,
        "Nuls": unit.nuls,
        "Exprimes": unit.exprimes,
    }
    for tag, value in figures.items():
        if value is not None:
            _element(_element(mentions, tag), "Nombre", value)
    listes = _element(tour, "Listes")
    for lst in unit.lists:
        node = _element(listes, "Liste")
        last, first = split_head(lst.head)
        _element(node, "NomTeteListe", last)
        _element(node, "PrenomTeteListe", first)
        _element(node, "CodNuaListe", lst.nuance or "")
        _element(node, "NbVoix", lst.votes)
        if unit.exprimes:
            _element(
                node, "RapportExprime", f"{100 * lst.votes / unit.exprimes:.2f}".replace(".", ",")
            )
    return _document(root)

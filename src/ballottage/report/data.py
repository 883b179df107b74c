"""The report's content as plain data: every stored election, its summary and its regions.

The seats and statuses come from :mod:`ballottage.plain` (the one conversion of result values,
shared with ``--json`` and the web page); this module adds what a reader needs around them
(families, colours, turnout, who withdrew) and says what the data lacks instead of guessing.

>>> from ballottage.data import Store
>>> with Store(":memory:") as store:
...     _ = store.load_bundled()
...     data = report_data(store, "2015")
>>> [e["id"] for e in data["elections"]]
['regionales-2015']
>>> far_right = data["elections"][0]["summary"]["families"]["far-right"]
>>> far_right["leads"], far_right["wins"]
(6, 0)
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ballottage.data.model import (
    CandidateList,
    Council,
    Election,
    Region,
    RoundResults,
    Turnout,
)
from ballottage.data.store import Store
from ballottage.elections.names import find_elections
from ballottage.elections.outcomes import qualification, region_seats
from ballottage.errors import MissingData
from ballottage.law import decide_round1, rule_set
from ballottage.lineups import fates as lineup_fates
from ballottage.plain import Plain, allocation_data, round1_data, rules_data
from ballottage.register import NOTE as REGISTER_NOTE
from ballottage.register import register_sections
from ballottage.report.palette import SPECTRUM, family_colour, family_key, family_label
from ballottage.report.transfers import transfers_data, transfers_note

_SCHEME = re.compile(r"\b(?:https?|ftp)://", re.IGNORECASE)


def without_scheme(text: str) -> str:
    """``text`` with every URL scheme removed, so that no output links out of the file.

    >>> without_scheme("votes: https://fr.wikipedia.org/wiki/X")
    'votes: fr.wikipedia.org/wiki/X'
    """
    return _SCHEME.sub("", text)


def _without_scheme_note(note: Plain | None) -> Plain | None:
    if note is not None:
        note["text"] = without_scheme(note["text"])
    return note


def report_data(store: Store, which: str = "all") -> Plain:
    """Plain data of the whole report: one entry per election ``which`` selects."""
    return {"elections": [election_data(store, e) for e in find_elections(store, which)]}


def election_data(store: Store, election: Election) -> Plain:
    """One election: its regions, then the national summary drawn from them."""
    regions = [region_data(store, election.id, r) for r in store.regions(election.id)]
    return {
        "id": election.id,
        "label": election.label,
        "year": election.year,
        "rounds": [d.isoformat() for d in election.round_dates],
        "regions": regions,
        "summary": summary_data(regions),
        "transfers_note": _without_scheme_note(transfers_note(election.id, regions)),
    }


def _family(family: str | None) -> Plain:
    return {
        "family": family_key(family),
        "family_label": family_label(family),
        "colour": family_colour(family),
    }


def _turnout(t: Turnout) -> Plain:
    rate = t.votants / t.inscrits if t.inscrits and t.votants is not None else None
    return {**vars(t), "rate": None if rate is None else round(rate, 6)}


def _lists_info(results: RoundResults) -> dict[str, CandidateList]:
    return {lv.list.head: lv.list for lv in results.lists}


def _decorate(lists: list[Plain], info: dict[str, CandidateList]) -> list[Plain]:
    """Plain list rows with their nuance, number, family and colour added."""
    out = []
    for item in lists:
        known = info.get(item["name"])
        family = known.family if known else None
        out.append(
            {
                **item,
                "number": known.number if known else None,
                "nuance": known.nuance if known else None,
                **_family(family),
            }
        )
    return out


def _round_text(results: RoundResults) -> Plain:
    return {
        "turnout": _turnout(results.turnout),
        "sources": [without_scheme(s) for s in results.sources],
        "notes": [without_scheme(n) for n in results.notes],
    }


def region_data(store: Store, election: str, region: Region) -> Plain:
    """One region: round 1, round 2, line-up, council, sections, transfers, what is missing."""
    data: Plain = {
        "code": region.code,
        "name": region.name,
        "abbreviation": region.abbreviation,
        "anchor": f"{election}-{region.code}",
        "rules": None,
        "thresholds": None,
        "seats_total": None,
        "round1": None,
        "round2": None,
        "lineup": None,
        "council": None,
        "sections": None,
        "register": _register(election, region.code),
        "missing": [],
    }
    data["transfers"], data["transfers_missing"] = transfers_data(store, election, region)
    missing: list[str] = data["missing"]
    council: Council | None = None
    try:
        council = store.council(election, region.code)
    except MissingData as exc:
        missing.append(str(exc))
    if council is not None:
        rules = rules_data(rule_set(council.rule_set))
        data.update(
            rules=council.rule_set,
            seats_total=council.seats,
            thresholds={k: rules[f"{k}_threshold"] for k in ("stand", "merge", "seat")},
        )
    try:
        results1 = store.round_results(election, region.code, 1)
    except MissingData as exc:
        missing.append(str(exc))
        return data
    info = _lists_info(results1)
    if council is None:
        data["round1"] = _round1_without_rules(results1, info)
        return data
    data["round1"], decided = _round1(store, election, region, council, info)
    sections_note: str | None = None
    if decided is None:
        try:
            seats = region_seats(store, election, region.code)
        except MissingData as exc:
            missing.append(str(exc))
            return data
        decided = allocation_data(seats.allocation, sections=seats.sections)
        data["round2"] = {
            **_round_text(seats.results),
            "notes": [without_scheme(n) for n in seats.notes if "L338-1" not in n],
            "lists": _decorate(decided["lists"], {**info, **_lists_info(seats.results)}),
            "bonus": decided["bonus"],
        }
        data["lineup"] = _lineup(data["round1"], data["round2"], election, region.code)
        sections_note = next((n for n in seats.notes if "L338-1" in n), None)
    data["council"] = _council(store, election, region, decided, info)
    data["sections"] = _sections(store, election, region, council.sections, decided, sections_note)
    return data


def _round1_without_rules(results: RoundResults, info: dict[str, CandidateList]) -> Plain:
    """Round 1 of a region ballottage has no rule set for: votes only, no statuses."""
    exprimes = results.turnout.exprimes or results.total_votes
    lists = [
        {
            "name": lv.list.head,
            "votes": lv.votes,
            "share": round(lv.votes / exprimes, 6),
            "status": None,
            "eligible": None,
            "seats": None,
        }
        for lv in results.lists
    ]
    round1 = {**_round_text(results), "outcome": None, "lists": _decorate(lists, info)}
    round1["leader"] = max(round1["lists"], key=lambda item: item["votes"], default=None)
    return round1


def _round1(
    store: Store,
    election: str,
    region: Region,
    council: Council,
    info: dict[str, CandidateList],
) -> tuple[Plain, Plain | None]:
    """Round 1 through the law; the seats too (second value) if a list won it outright."""
    q = qualification(store, election, region.code)
    result = decide_round1(
        q.results.votes_by_head(), q.rules, seats=council.seats, exprimes=q.eligibility.exprimes
    )
    plain = round1_data(result, seats_total=council.seats)
    round1 = {
        **_round_text(q.results),
        "outcome": plain["outcome"],
        "exprimes": plain["exprimes"],
        "lists": _decorate(plain["lists"], info),
        "trace": plain["trace"],
    }
    round1["leader"] = max(round1["lists"], key=lambda item: item["votes"], default=None)
    if result.allocation is not None:
        return round1, plain
    round1["stand"], round1["merge"] = plain["stand"], plain["merge"]
    return round1, None


def _register(election: str, region: str) -> Plain | None:
    """Section seats as the register of elected officials counts them (2015 councils)."""
    found = register_sections(election, region)
    if not found:
        return None
    return {"note": REGISTER_NOTE, "sections": [f"{s.name} {s.text()}" for s in found]}


def _lineup(round1: Plain, round2: Plain, election: str, region: str) -> Plain:
    """Who stood, and what became of the lists that could stand or merge and were absent
    from round 2: merged (into which list), withdrew, merged into none, or unknown, as the
    mergers table (``reference/round2_lineups.csv``) says, with its sources."""
    present = {item["name"] for item in round2["lists"]}
    stand, merge = round1["stand"], round1["merge"]
    absent = [n for n in (*stand, *merge) if n not in present]
    fates = {f.head: f for f in lineup_fates(election, region, absent)}
    return {
        "stood": [n for n in stand if n in present],
        "withdrew": [n for n in absent if fates[n].status == "withdrew"],
        "merged": {n: fates[n].into for n in absent if fates[n].status == "merged"},
        "no_merger": [n for n in absent if fates[n].status == "no merger"],
        "unknown": [n for n in absent if fates[n].status == "unknown"],
        "happened": {n: fates[n].text() for n in absent},
        # Where the table's rows come from: the sites (the full addresses are in the table;
        # the report itself links to nothing outside the file).
        "sources": sorted({urlsplit(str(f.source)).netloc for f in fates.values() if f.source}),
        "irregular": sorted(n for n in present if n not in stand),
    }


def _council(
    store: Store, election: str, region: Region, decided: Plain, info: dict[str, CandidateList]
) -> Plain:
    """The council's seats, checked against the published ones when the data has them."""
    published = {
        p.list.head: p.seats for p in store.published_seats(election, region.code) if p.list
    }
    lists = [item for item in _decorate(decided["lists"], info) if item["seats"] > 0]
    computed = {item["name"]: item["seats"] for item in decided["lists"] if item["seats"] > 0}
    if not published:
        status = "unchecked"
    elif published == computed:
        status = "verified"
    else:
        status = "mismatch"
    for item in lists:
        item["published"] = published.get(item["name"])
    ordered = sorted(
        lists, key=lambda item: (SPECTRUM.index(item["family"]), -item["votes"], item["name"])
    )
    return {
        "status": status,
        "regional": rule_set(decided["rules"]).regional_council,
        "seats_total": decided["seats_total"],
        "round": decided["round"],
        "bonus": decided["bonus"],
        "lists": ordered,
        "published": [{"name": n, "seats": s} for n, s in published.items()],
    }


def _sections(
    store: Store,
    election: str,
    region: Region,
    sections: tuple[str, ...],
    decided: Plain,
    note: str | None,
) -> Plain:
    """The L338-1 split when computed, the published per-section seats the data has, or why not."""
    published = [
        {
            "section": p.area.code,
            "section_name": p.area.name,
            "list": p.list.head if p.list else None,
            "seats": p.seats,
            "note": without_scheme(p.note) if p.note else None,
        }
        for p in store.published_section_seats(election, region.code)
    ]
    computed = decided.get("sections") or []
    if not sections:
        reason = "this council is elected in a single constituency: it has no sections"
    elif computed:
        reason = None
    else:
        reason = note or (
            "the round-2 votes per section are not in the data: the split of each list's "
            "seats among its sections (art. L338-1) cannot be computed"
        )
    return {
        "count": len(sections),
        "computed": computed,
        "moves": decided.get("section_moves") or [],
        "published": published,
        "missing": None if reason is None else without_scheme(reason),
    }


def summary_data(regions: list[Plain]) -> Plain:
    """Seats per family, round-1 leaders against round-2 winners, and turnout."""
    families: dict[str, dict[str, Any]] = {
        f: {
            "family": f,
            "family_label": family_label(f),
            "colour": family_colour(f),
            "leads": 0,
            "wins": 0,
            "seats": 0,
            "bonus": 0,
            "lists": 0,
        }
        for f in SPECTRUM
    }
    duels = []
    councils, verified = 0, 0
    for region in regions:
        council = region["council"]
        leader = region["round1"]["leader"] if region["round1"] else None
        if council is None or leader is None:
            continue
        winner = next(item for item in council["lists"] if item["name"] == council["bonus"]["list"])
        families[leader["family"]]["leads"] += 1
        families[winner["family"]]["wins"] += 1
        councils += 1
        verified += council["status"] == "verified"
        for item in council["lists"]:
            families[item["family"]]["seats"] += item["seats"]
            families[item["family"]]["bonus"] += item["bonus"]
            families[item["family"]]["lists"] += 1
        duels.append(
            {
                "code": region["code"],
                "name": region["name"],
                "anchor": region["anchor"],
                "leader": _pick(leader),
                "winner": _pick(winner),
                "decided_in": council["round"],
                "changed": leader["family"] != winner["family"],
            }
        )
    undecided = [r["name"] for r in regions if r["council"] is None]
    return {
        "families": families,
        "councils": councils,
        "verified": verified,
        "seats_total": sum(f["seats"] for f in families.values()),
        "duels": duels,
        "undecided": undecided,
        "turnout": _national_turnout(regions),
    }


def _pick(item: Plain) -> Plain:
    return {k: item[k] for k in ("name", "votes", "share", "family", "family_label", "colour")}


def _national_turnout(regions: list[Plain]) -> Plain:
    """Turnout summed over the regions whose figures are known, per round."""

    def total(rows: list[Plain]) -> Plain:
        inscrits = sum(t["inscrits"] for t in rows)
        votants = sum(t["votants"] for t in rows)
        return {
            "regions": len(rows),
            "inscrits": inscrits,
            "votants": votants,
            "rate": round(votants / inscrits, 6) if inscrits else None,
        }

    def complete(t: Plain | None) -> bool:
        return t is not None and t["inscrits"] is not None and t["votants"] is not None

    first = [r["round1"]["turnout"] for r in regions if r["round1"]]
    with_second = [r for r in regions if r["round2"] and complete(r["round2"]["turnout"])]
    return {
        "round1": total([t for t in first if complete(t)]),
        "round2": total([r["round2"]["turnout"] for r in with_second]),
        "round1_same_regions": total([r["round1"]["turnout"] for r in with_second]),
        "round2_regions": [r["name"] for r in with_second],
        "round2_lacking": [
            r["name"] for r in regions if r["round2"] and not complete(r["round2"]["turnout"])
        ],
    }

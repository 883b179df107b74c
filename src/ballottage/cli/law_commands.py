"""Commands on votes given directly: ``rules``, ``allocate``, ``qualify``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ballottage.cli.app import JSON_HELP, app, console, emit_json, reporting_errors
from ballottage.cli.inputs import (
    populations_from_file,
    sections_from_file,
    votes_from_arguments,
    votes_from_file,
)
from ballottage.cli.render import plain_table, print_allocation, print_eligibility
from ballottage.errors import InvalidInput
from ballottage.law import (
    RULE_SETS,
    allocate_council,
    allocate_sections,
    check_section_votes,
    decide_round1,
    outright_winner,
    round2_eligibility,
    rule_set,
)
from ballottage.law.votes import checked_exprimes

VotesArg = Annotated[
    list[str] | None, typer.Argument(help="Votes per list as NAME=VOTES.", show_default=False)
]
VotesFile = Annotated[
    Path | None, typer.Option("--votes", help="CSV (list,votes) or JSON file of votes.")
]
RulesOpt = Annotated[str, typer.Option("--rules", help="Rule set (see `ballottage rules`).")]
ExprimesOpt = Annotated[
    int | None,
    typer.Option(help="Valid votes (exprimés), when not every list is given."),
]


MAX_SEATS = 10_000


def read_votes(pairs: list[str] | None, path: Path | None) -> dict[str, int]:
    """Votes from arguments or a file, never both."""
    if pairs and path:
        raise InvalidInput("votes", str(path), "give NAME=VOTES arguments or --votes, not both")
    if path:
        return votes_from_file(path)
    if not pairs:
        raise InvalidInput("votes", None, "give NAME=VOTES arguments or --votes FILE")
    return votes_from_arguments(pairs)


@app.command("rules", rich_help_panel="The law")
def rules_command(as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False) -> None:
    """List the rule sets with their parameters and articles."""
    from ballottage.vocabulary.law import RuleSetDoc, RuleSets

    data = RuleSets(rule_sets=tuple(RuleSetDoc.of(r) for r in RULE_SETS.values()))
    if as_json:
        emit_json(data)
        return
    rows = [
        [
            d.name,
            d.seats or "given",
            d.bonus_rule,
            f"{100 * d.stand_threshold:g} %",
            f"{100 * d.merge_threshold:g} %",
            f"{100 * d.seat_threshold:g} %",
            d.sections or "-",
            d.articles.get("bonus", ""),
        ]
        for d in data.rule_sets
    ]
    console.print(
        plain_table(
            "Rule sets",
            ["Name", "Seats", "Bonus", "Stand", "Merge", "Seats from", "Sections", "Article"],
            rows,
        )
    )


@app.command("allocate", rich_help_panel="The law")
def allocate_command(
    votes: VotesArg = None,
    votes_file: VotesFile = None,
    rules: RulesOpt = "regionales-2015",
    seats: Annotated[
        int | None, typer.Option(help="Seats to fill, where the rules do not fix it.")
    ] = None,
    round_number: Annotated[int, typer.Option("--round", min=1, max=2, help="1 or 2.")] = 2,
    exprimes: ExprimesOpt = None,
    sections: Annotated[
        Path | None, typer.Option(help="CSV list,section,votes: split seats among sections.")
    ] = None,
    populations: Annotated[
        Path | None,
        typer.Option(help="CSV section,population: apply the minimum seats per department."),
    ] = None,
    explain: Annotated[bool, typer.Option(help="Show every step of the law.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Seats of a council from its votes: bonus, then highest averages (art. L338, L262, L366).

    Example: ballottage allocate --seats 19 A=4000 B=3000 C=2000 D=600 E=400
    """
    from ballottage.vocabulary.law import AllocateDoc

    with reporting_errors():
        rule = rule_set(rules)
        counts = read_votes(votes, votes_file)
        if seats is not None and seats > MAX_SEATS:
            raise InvalidInput(
                "seats", seats, f"at most {MAX_SEATS} seats (no French council has more)"
            )
        if populations is not None and sections is None:
            raise InvalidInput("--populations", str(populations), "goes with --sections")
        total = rule.council_size(seats)
        if round_number == 1:
            result = decide_round1(counts, rule, seats=total, exprimes=exprimes)
            data = AllocateDoc.of_round1(result, seats_total=total)
        else:
            allocation = allocate_council(counts, rule, seats=total, exprimes=exprimes)
            split = None
            if sections is not None:
                per_list = sections_from_file(sections)
                check_section_votes(counts, per_list)
                minima = None
                if populations is not None:
                    minima = rule.section_minima(populations_from_file(populations))
                split = allocate_sections(
                    allocation.seats, per_list, leader=allocation.leader, minima=minima
                )
            data = AllocateDoc.of(allocation, round_number=2, sections=split)
    if as_json:
        emit_json(data)
    else:
        print_allocation(data, title=f"{rule.title}: round {round_number}", explain=explain)


@app.command("qualify", rich_help_panel="The law")
def qualify_command(
    votes: Annotated[
        list[str] | None,
        typer.Argument(help="Round-1 votes as NAME=VOTES, or an election year with --region."),
    ] = None,
    votes_file: VotesFile = None,
    rules: RulesOpt = "regionales-2015",
    exprimes: ExprimesOpt = None,
    region: Annotated[str | None, typer.Option(help="Region (code, name or abbreviation).")] = None,
    db: Annotated[Path | None, typer.Option(help="DuckDB store (default: user cache).")] = None,
    explain: Annotated[bool, typer.Option(help="Show every step of the law.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Who may stand in round 2, who may merge, who is out (art. L346, L373, L558-19, L264).

    Give round-1 votes (NAME=VOTES or --votes FILE), or a stored election: 2015 --region HDF.
    """
    from ballottage.vocabulary.law import QualifyDoc

    data: QualifyDoc
    with reporting_errors():
        if region is not None or (votes and len(votes) == 1 and "=" not in votes[0]):
            if votes and len(votes) > 1 or votes_file is not None:
                raise InvalidInput(
                    "qualify", " ".join(votes or []), "give votes or an election with --region"
                )
            from ballottage.cli.store_commands import stored_round1

            title, data = stored_round1(votes[0] if votes else None, region, db)
        else:
            rule = rule_set(rules)
            counts = read_votes(votes, votes_file)
            title = f"{rule.title}: round 1"
            ex = checked_exprimes(counts, exprimes)
            winner = outright_winner(counts, exprimes=ex)
            if winner is not None:
                # Art. L338: an absolute majority in round 1 decides; nobody stands again.
                data = QualifyDoc.of_majority(counts, rules=rule, exprimes=ex, winner=winner)
            else:
                data = QualifyDoc.of(round2_eligibility(counts, rule, exprimes=ex))
    if as_json:
        emit_json(data)
        return
    print_eligibility(data, title=title, explain=explain)
    if data.outcome == "seats":
        console.print(
            f"{data.majority or 'A list'} has the absolute majority: seats are given in "
            "round 1 and there is no round 2 (`ballottage allocate --round 1`)."
        )

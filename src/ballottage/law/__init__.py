"""The law, exactly: pure functions over immutable values, integers and fractions only.

Nothing here reads a file, a database or a terminal; see ``ballottage.data`` and
``ballottage.cli`` for that.
"""

from ballottage.law.allocation import CouncilAllocation, ListSeats, allocate_council, leading_list
from ballottage.law.apportionment import (
    Apportionment,
    Birthdates,
    SeatAward,
    TieDecision,
    highest_averages,
)
from ballottage.law.rounds import (
    Eligibility,
    Fallback,
    Lineup,
    Outcome,
    Round1Result,
    Status,
    check_lineup,
    decide_round1,
    lineup_from,
    outright_winner,
    round2_eligibility,
)
from ballottage.law.rules import RULE_SETS, BonusRounding, RuleSet, SectionMinimum, rule_set
from ballottage.law.sections import (
    SeatMove,
    SectionSeats,
    SectionSplit,
    allocate_sections,
    check_section_votes,
    split_among_sections,
)
from ballottage.law.trace import Step

__all__ = [
    "RULE_SETS",
    "Apportionment",
    "Birthdates",
    "BonusRounding",
    "CouncilAllocation",
    "Eligibility",
    "Fallback",
    "Lineup",
    "ListSeats",
    "Outcome",
    "Round1Result",
    "RuleSet",
    "SeatAward",
    "SeatMove",
    "Status",
    "SectionMinimum",
    "SectionSeats",
    "SectionSplit",
    "Step",
    "TieDecision",
    "allocate_council",
    "allocate_sections",
    "check_lineup",
    "check_section_votes",
    "decide_round1",
    "highest_averages",
    "leading_list",
    "lineup_from",
    "outright_winner",
    "round2_eligibility",
    "rule_set",
    "split_among_sections",
]

"""Rule sets: the registry, the bonus of each system, the council size (art. L338, L262, L366)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from ballottage.errors import BallottageError, InvalidInput, UnknownName
from ballottage.law import RULE_SETS, BonusRounding, SectionMinimum, rule_set


def test_registry_holds_the_five_rule_sets_under_their_own_names() -> None:
    assert set(RULE_SETS) == {
        "regionales-2015",
        "corse-2015",
        "corse-2017",
        "martinique-2015",
        "municipales",
    }
    for name, rules in RULE_SETS.items():
        assert rules.name == name
        assert rule_set(name) is rules


def test_rule_set_lookup_ignores_case_and_surrounding_spaces() -> None:
    assert rule_set("  Regionales-2015 ") is RULE_SETS["regionales-2015"]
    assert rule_set("CORSE-2017").seats == 63


def test_unknown_rule_set_names_itself_and_the_known_ones() -> None:
    with pytest.raises(UnknownName) as caught:
        rule_set("legislatives-2024")
    assert caught.value.kind == "rule set"
    assert caught.value.name == "legislatives-2024"
    assert "legislatives-2024" in str(caught.value)
    assert "regionales-2015" in str(caught.value)
    assert isinstance(caught.value, BallottageError)


@pytest.mark.parametrize(
    ("seats", "bonus"),
    [
        (209, 53),  # Île-de-France: 52.25 rounded up
        (204, 51),  # Auvergne-Rhône-Alpes: exactly a quarter
        (170, 43),  # Hauts-de-France
        (123, 31),  # Provence-Alpes-Côte d'Azur
        (100, 25),
        (77, 20),  # Centre-Val de Loire
        (20, 5),
        (19, 5),
        (1, 1),
    ],
)
def test_regional_bonus_is_a_quarter_rounded_up(seats: int, bonus: int) -> None:
    assert rule_set("regionales-2015").bonus_for(seats) == bonus


def test_corsica_and_martinique_have_fixed_bonuses_and_sizes() -> None:
    assert rule_set("corse-2015").bonus_for(51) == 9
    assert rule_set("corse-2015").council_size(None) == 51
    assert rule_set("corse-2017").bonus_for(63) == 11
    assert rule_set("corse-2017").council_size(None) == 63
    assert rule_set("martinique-2015").bonus_for(51) == 11
    assert rule_set("martinique-2015").sections == 4


@pytest.mark.parametrize(
    ("seats", "bonus"),
    [
        (1, 0),  # below four seats: half rounded down
        (2, 1),
        (3, 1),
        (4, 2),  # exactly four: exactly half
        (5, 3),  # above four seats: half rounded up
        (6, 3),
        (7, 4),
        (27, 14),
        (29, 15),
        (69, 35),
    ],
)
def test_municipal_bonus_is_half_rounded_up_above_four_down_below(seats: int, bonus: int) -> None:
    rules = rule_set("municipales")
    assert rules.bonus_rounding is BonusRounding.MUNICIPAL
    assert rules.bonus_for(seats) == bonus


def test_thresholds_per_rule_set() -> None:
    five, seven, ten = Fraction(5, 100), Fraction(7, 100), Fraction(10, 100)
    for name in RULE_SETS:
        assert RULE_SETS[name].seat_threshold == five
        assert RULE_SETS[name].merge_threshold == five
    assert rule_set("regionales-2015").stand_threshold == ten
    assert rule_set("municipales").stand_threshold == ten
    assert rule_set("martinique-2015").stand_threshold == ten
    assert rule_set("corse-2015").stand_threshold == seven
    assert rule_set("corse-2017").stand_threshold == seven


@pytest.mark.parametrize(
    ("name", "fallbacks", "article"),
    [
        ("regionales-2015", True, "art. L346"),
        ("martinique-2015", True, "art. L558-19"),
        ("corse-2015", False, "art. L373"),
        ("corse-2017", False, "art. L373"),
        ("municipales", False, "art. L264"),
    ],
)
def test_round2_fallbacks_are_those_of_each_article(
    name: str, fallbacks: bool, article: str
) -> None:
    # L346 and L558-19 let the runner-up (one list at 10 %) or the top two (none) stand;
    # L373 (Corsica) and L264 (communes) say only "the lists that reached the threshold".
    rules = RULE_SETS[name]
    assert (rules.runner_up_fallback, rules.top_two_fallback) == (fallbacks, fallbacks)
    assert rules.article("stand") == article


def test_council_size_given_when_the_law_fixes_none() -> None:
    assert rule_set("regionales-2015").council_size(209) == 209
    assert rule_set("municipales").council_size(27) == 27


@pytest.mark.parametrize("name", ["regionales-2015", "municipales"])
def test_council_size_is_required_when_the_law_fixes_none(name: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        rule_set(name).council_size(None)
    assert caught.value.field == "seats"
    assert name in str(caught.value)


@pytest.mark.parametrize("seats", [0, -1, True, False, 2.0, "20"])
def test_council_size_must_be_a_whole_number_of_at_least_one(seats: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        rule_set("municipales").council_size(seats)  # type: ignore[arg-type]
    assert caught.value.field == "seats"
    assert str(caught.value).startswith("seats=")


def test_council_size_other_than_the_law_fixes_is_refused() -> None:
    with pytest.raises(InvalidInput, match="fixes 51 seats") as caught:
        rule_set("corse-2015").council_size(63)
    assert caught.value.field == "seats"
    assert rule_set("corse-2015").council_size(51) == 51


def test_section_minimum_two_below_100000_inhabitants_four_from_it() -> None:
    minimum = SectionMinimum()
    assert minimum.for_population(0) == 2
    assert minimum.for_population(99_999) == 2
    assert minimum.for_population(100_000) == 4
    assert minimum.for_population(2_600_000) == 4
    assert rule_set("regionales-2015").section_minimum == minimum


def test_articles_are_named_per_step() -> None:
    assert rule_set("regionales-2015").article("bonus") == "art. L338"
    assert rule_set("regionales-2015").article("stand") == "art. L346"
    assert rule_set("municipales").article("stand") == "art. L264"
    assert rule_set("corse-2017").article("stand") == "art. L373"
    assert rule_set("municipales").article("no-such-step") == "Code électoral"


def test_section_minima_follow_population_and_need_a_minimum_rule() -> None:
    rules = rule_set("regionales-2015")
    assert rules.section_minima({"90": 99_999, "59": 100_000}) == {"90": 2, "59": 4}
    with pytest.raises(InvalidInput) as caught:
        rule_set("municipales").section_minima({"90": 99_999})
    assert caught.value.field == "populations"


def test_only_the_regional_rules_are_a_regional_council() -> None:
    assert [n for n, r in RULE_SETS.items() if r.regional_council] == ["regionales-2015"]

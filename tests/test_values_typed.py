"""What a person types for a number, date or web address is kept as they meant it, or refused with how to write it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baton.core.errors import InvalidValue
from baton.core.template import Item
from baton.core.values import display, parse

HOURS = Item(id="hours-left", text="Hours left", why="", kind="number")
DUE = Item(id="due", text="Due", why="", kind="date")
FILES = Item(id="files", text="Files", why="", kind="url")


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("1,5", "use a dot for decimals (1.5)"),
        ("1,2,3", "use a dot for decimals"),
        ("1,000", "no thousands separators"),
        ("1_000", "without separators"),
        ("1 000", "without separators"),
        ("１２", "use the digits 0-9"),
        ("12345678901234567890", "at most 15 significant digits"),
    ],
)
def test_a_number_with_separators_is_refused_not_reread(typed: str, says: str) -> None:
    with pytest.raises(InvalidValue, match=re.escape(says)) as refused:
        parse(HOURS, typed)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(("typed", "kept"), [("1.5", 1.5), ("-5", -5), ("40", 40), ("1e3", 1000), (" 2.50 ", 2.5)])
def test_a_plain_number_is_kept(typed: str, kept: float) -> None:
    assert parse(HOURS, typed) == kept


NUMBERISH = st.text(alphabet="0123456789.,_-+eE １２ ", max_size=24)


@given(NUMBERISH | st.from_regex(r"-?[0-9]{1,20}(\.[0-9]{0,20})?([eE]-?[0-9]{1,3})?", fullmatch=True))
def test_an_accepted_number_reads_back_as_the_same_number(typed: str) -> None:
    try:
        value = parse(HOURS, typed)
    except InvalidValue:
        return
    assert Decimal(display(HOURS, value)) == Decimal(typed.strip())


def test_a_full_width_date_is_not_in_the_form() -> None:
    with pytest.raises(InvalidValue, match="not in the form YYYY-MM-DD"):
        parse(DUE, "２０２６-１２-２４")


def test_a_web_address_with_a_space_says_the_space() -> None:
    with pytest.raises(InvalidValue) as refused:
        parse(FILES, "https://example.com/a b")
    assert "space" in str(refused.value) and "should start with" not in str(refused.value)


def test_a_value_too_long_names_the_item_and_the_limit() -> None:
    from baton.core.event_check import MAX_TEXT

    summary = Item(id="summary", text="Summary", why="", kind="text")
    with pytest.raises(
        InvalidValue, match=f"item `summary` is too long: {MAX_TEXT + 1:,} characters, at most {MAX_TEXT:,}"
    ):
        parse(summary, "x" * (MAX_TEXT + 1))
    assert parse(summary, "x" * MAX_TEXT) == "x" * MAX_TEXT


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("https://crm.example.com/\x1b[31m", "holds a control character"),
        ("https://crm.example.com/a\x07", "holds a control character"),
        ("https://ехample.com/deals/1", "the site's name 'ехample' mixes alphabets"),  # Cyrillic е and х
        ("https://crm.exаmple.com/", "the site's name 'exаmple' mixes alphabets"),  # Cyrillic а
    ],
)
def test_an_address_with_a_control_character_or_a_look_alike_site_is_refused_when_typed(typed, says):
    from baton.core.values import url_problem

    with pytest.raises(InvalidValue) as refused:
        parse(FILES, typed)
    assert says in str(refused.value) and "\x1b" not in str(refused.value) and "\x07" not in str(refused.value)
    assert url_problem(typed) is None  # the gate, which every copy's fold asks, judges as before


@pytest.mark.parametrize("typed", ["https://пример.рф/сделки", "https://bücher.de/a", "https://xn--e1afmkfd.xn--p1ai/"])
def test_an_address_in_one_alphabet_is_taken_whatever_the_alphabet(typed):
    assert parse(FILES, typed) == typed


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (True, "true is a yes/no, and only a check takes one"),
        (False, "false is a yes/no, and only a check takes one"),
        ([12], "a list or an object is not a number"),
        ({"seats": 12}, "a list or an object is not a number"),
    ],
)
def test_a_json_value_of_the_wrong_type_is_said_in_jsons_words(raw, says):
    """From --from-json, `"seats": true` was "'True' is not a number": Python's spelling, not the file's."""
    with pytest.raises(InvalidValue) as refused:
        parse(HOURS, raw)
    assert str(refused.value) == f"item `hours-left`: {says}"

"""A number refused says the true reason: 1e23 has one significant digit (it is too large to keep exactly),
1e-400 is too close to zero to keep; only a number with more than 15 significant digits is told to use fewer.
What was accepted stays accepted (1e22 is a stored number exactly)."""

from __future__ import annotations

import pytest

from baton.core.errors import InvalidValue
from baton.core.template import Item
from baton.core.values import parse

SEATS = Item(id="seats", text="Seats", why="", kind="number")


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("1e23", "too large to keep exactly: use a number between -9,007,199,254,740,992 and 9,007,199,254,740,992"),
        ("-1e300", "too large to keep exactly"),
        ("1e309", "too large to keep exactly"),
        ("1e999999999999", "too large to keep exactly"),
        ("1e-400", "too close to zero to keep: use 0, or a number no closer to zero than 1e-307"),
        ("1.234567e-320", "too close to zero to keep"),
        ("12345678901234567890", "use at most 15 significant digits"),
        ("0.1234567890123456789", "use at most 15 significant digits"),
    ],
)
def test_a_refused_number_says_why(typed, says):
    with pytest.raises(InvalidValue) as refused:
        parse(SEATS, typed)
    assert says in str(refused.value)


@pytest.mark.parametrize(("typed", "kept"), [("1e22", 1e22), ("1e-300", 1e-300), ("1.50000000000000000000", 1.5)])
def test_what_was_kept_is_still_kept(typed, kept):
    assert parse(SEATS, typed) == kept


def test_the_command_says_it_in_one_line(tmp_path):
    from cli_support import started
    from conftest import run

    home = tmp_path / "home"
    handoff = started(home)
    result = run("set", handoff, "seats", "1e23", home=home)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "baton: item `seats`: '1e23' is too large to keep exactly: use a number between -9,007,199,254,740,992 "
        "and 9,007,199,254,740,992"
    ]

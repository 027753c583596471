"""A value that ends in a newline is not the value without it.

A pattern ending in `$` checked with `re.match` also takes the same text followed by a newline:
a user name, a day, a holiday region, a segment's or a replica folder's name. Such a value passed
the check and failed later, somewhere that does not say why (an event refused as malformed, a
region the calendar cannot find). Each is now taken whole, or refused where it is typed.
"""

from __future__ import annotations

import pytest
from conftest import Team
from test_cli import ok, refused

from baton.core.config import check_user
from baton.core.errors import InvalidValue
from baton.core.field_rules import user_problem
from baton.core.hours import region_problem
from baton.sync.segment import parse_name, segment_name


@pytest.mark.parametrize("typed", ["2026-12-10\n", " 2026-12-10 ", "\t2026-12-10"])
def test_a_due_date_typed_with_space_or_a_newline_around_it_is_that_day(team: Team, typed: str) -> None:
    team.wall.now = 1_796_000_000_000  # 2026-11-30
    handoff = team["ana"].create("relay", "Acme deal", "ben", due=typed)
    assert team.store.state(handoff).due == "2026-12-10"


def test_new_with_a_due_date_ending_in_a_newline_creates_the_handoff_due_that_day(cli_team) -> None:
    handoff = ok(
        cli_team, "ana", "new", "relay", "--title", "Acme deal", "--to", "ben", "--due", "2099-12-10\n"
    ).strip()
    shown = ok(cli_team, "ana", "show", handoff)
    assert "2099-12-10" in shown


@pytest.mark.parametrize("name", ["maya\n", "maya\r\n", "\nmaya"])
def test_a_user_name_with_a_newline_is_no_user_name(name: str) -> None:
    with pytest.raises(InvalidValue, match="invalid user name"):
        check_user(name)
    assert user_problem(name) is not None
    assert user_problem("maya") is None


def test_new_to_a_name_ending_in_a_newline_is_refused_and_writes_nothing(cli_team) -> None:
    refused(cli_team, "ana", 1, "new", "relay", "--title", "Acme deal", "--to", "ben\n", match="user name")


def test_a_holiday_region_ending_in_a_newline_is_no_region() -> None:
    assert region_problem("US") is None and region_problem("US-CA") is None
    assert region_problem("US\n") is not None and region_problem("US-CA\n") is not None


def test_a_file_named_like_a_segment_but_ending_in_a_newline_is_no_segment() -> None:
    name = segment_name(12, "ab" * 32)
    assert parse_name(name) is not None
    assert parse_name(name + "\n") is None

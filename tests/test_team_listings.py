"""`baton team`, `teammates` and `team set` as a person reads them: columns that line up in terminal cells (a name
in CJK takes two a character), times a script can read, yourself as "(you)", and a confirmation that says what was
set."""

from __future__ import annotations

import json
import re

from rich.cells import cell_len
from test_team_cli import Team

WIDE = "山田太郎"


def crew_of_two(tmp_path) -> Team:
    crew = Team(tmp_path)
    made = crew("ana", "init", "--user", "ana", "--name", WIDE, "--role", "lead", "--sync-dir", crew.shared)
    assert made.exit_code == 0, made.stderr
    assert crew.join("ben", crew.invite("ben")).exit_code == 0
    for user in ("ben", "ana"):
        crew(user, "sync")
    return crew


def column_at(line: str, word: str) -> int:
    """The terminal cell where `word` starts on `line`."""
    return cell_len(line[: line.index(word)])


def test_the_team_listing_lines_up_in_terminal_cells(tmp_path) -> None:
    crew = crew_of_two(tmp_path)
    lines = crew("ana", "team").stdout.splitlines()
    [ana] = [line for line in lines if line.startswith("ana ")]
    [ben] = [line for line in lines if line.startswith("ben ")]
    assert WIDE in ana
    assert column_at(ana, "lead") == column_at(ben, "member")
    assert column_at(ana, "stages:") == column_at(ben, "stages:")


def test_teammates_line_up_say_you_and_give_iso_times(tmp_path) -> None:
    crew = crew_of_two(tmp_path)
    ana, ben = crew("ana", "teammates").stdout.splitlines()
    assert column_at(ana, "it is") == column_at(ben, "it is")
    assert "(you)" in ana and "last seen" not in ana
    assert "last seen" in ben and "(you)" not in ben
    listed = json.loads(crew("ana", "teammates", "--json").stdout)
    for row in listed:  # one's own row says "you", as the table does, and no time seen
        assert (
            row["last_seen"] is None
            if row["you"]
            else re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["last_seen"])
        )


def test_team_set_says_the_holidays_it_set(tmp_path) -> None:
    crew = crew_of_two(tmp_path)
    out = crew("ben", "team", "set", "ben", "--holidays", "de-be", "--hours", "mon-fri 09:00-17:00")
    assert out.exit_code == 0, out.stderr
    assert out.stdout.startswith("ben: member; stages: -; hours mon-fri 09:00-17:00; holidays DE-BE (next: ")
    assert out.stdout.count("\n") == 1

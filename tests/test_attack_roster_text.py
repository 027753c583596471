"""Roster text a teammate's modified baton writes (reasons, names, stages, an invitation's fields) reaches other
people's terminals through `team`, `teammates`, `sync`, `doctor` and `report` only as visible escapes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sync_support import sync_once
from test_sync_attacks import crew, raw  # noqa: F401 - the fixture

from baton.core.team import membership
from baton.core.team.keys import DeviceKey
from baton.core.team.roster import TEAM_STREAM
from baton.tui.cli import cli

ESC = "\x1b"
NASTY = f"gone {ESC}]0;owned\x07 {ESC}[2J \u202eevil \x9b31m"
COMMANDS = [["team"], ["team", "--json"], ["teammates"], ["teammates", "--json"], ["sync"], ["doctor"], ["report"]]


def run(replica, monkeypatch, args):
    monkeypatch.setenv("BATON_HOME", str(replica.home.root))
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    return result


def test_hostile_roster_text_is_shown_as_escapes_everywhere(crew, monkeypatch):  # noqa: F811
    ana, ben, cleo, handoff = crew
    key = DeviceKey.load(ben.home.device_key)
    raw(
        ben,
        "member_away",
        TEAM_STREAM,
        {"user": "ben", "start": "2030-01-01", "end": "2030-01-09", "reason": NASTY},
        key,
    )
    raw(ben, "member_set", TEAM_STREAM, {"user": "ben", "name": NASTY, "tz": NASTY, "hours": NASTY}, key)
    sync_once(ben)
    sync_once(ana)
    membership.remove(ana, "cleo", reason=NASTY)
    for replica in (ana, ben):
        sync_once(replica)
    for args in COMMANDS:
        for replica in (ana, ben):
            result = run(replica, monkeypatch, args)
            out = result.stdout + result.stderr
            assert ESC not in out and "\x07" not in out and "\u202e" not in out and "\x9b" not in out, (args, out)
            assert "Traceback" not in out


@pytest.mark.parametrize("zone", ["Not/AZone", "../../etc/passwd", ""])
def test_a_zone_no_machine_knows_and_a_page_long_name_break_no_command(crew, monkeypatch, zone):  # noqa: F811
    """ben's modified baton gives the roster a zone that is not a zone's name and a name of 300,000 characters:
    the change is not applied (member_fields.field_problem), every teammate's commands go on, and the roster
    stays the same everywhere."""
    ana, ben, cleo, handoff = crew
    key = DeviceKey.load(ben.home.device_key)
    raw(ben, "member_set", TEAM_STREAM, {"user": "ben", "tz": zone, "name": "B" * 300_000}, key)
    for replica in (ben, ana, cleo):
        sync_once(replica)
    for replica in (ana, cleo):
        assert replica.store.roster().member("ben").name == "Ben", replica.user
    assert ana.store.roster().version() == cleo.store.roster().version()
    commands = [
        *COMMANDS,
        ["show", handoff],
        ["list", "--all"],
        ["new", "relay", "--title", "Second deal", "--to", "ben"],
    ]
    for args in commands:
        result = run(ana, monkeypatch, args)
        assert result.exit_code in (0, 3), (args, result.output)
        assert "unexpected error" not in result.output and len(result.output) < 20_000, args


def test_a_name_longer_than_a_name_is_refused_in_one_line(crew, monkeypatch):  # noqa: F811
    ana, ben, cleo, handoff = crew
    result = run(ben, monkeypatch, ["team", "set", "ben", "--name", "B" * 101])
    assert result.exit_code == 2 or result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == ["baton: a name can hold at most 100 characters"]
    assert ben.store.roster().member("ben").name == "Ben"

"""Roster text a teammate's modified baton writes (reasons, names, stages, an invitation's fields) reaches other
people's terminals through `team`, `teammates`, `sync`, `doctor` and `report` only as visible escapes."""

from __future__ import annotations

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

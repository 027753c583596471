"""What the README says about refusals, exit codes and its first section holds for the command as it is."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from conftest import GOOD_VALUES, write_relay

from baton.tui.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
NUMBERS = {"One": 1, "Two": 2, "Three": 3, "Four": 4}


def baton(home, *args: str):
    return CliRunner().invoke(cli, [*args], env={"BATON_HOME": str(home)})


def kinds(home) -> list[str]:
    conn = sqlite3.connect(home / "baton.db")
    try:
        return [row[0] for row in conn.execute("SELECT kind FROM events")]
    finally:
        conn.close()


def test_the_commands_heading_counts_the_commands_under_it() -> None:
    heading = re.search(r"^## (\w+) commands\n(.*?)```sh\n(.*?)```", README, re.M | re.S)
    assert heading is not None
    listed = [line for line in heading.group(3).splitlines() if line.strip()]
    assert NUMBERS[heading.group(1)] == len(listed), (heading.group(1), listed)


def test_a_blocked_send_does_what_the_readme_says(home) -> None:
    assert "every blocker, one per line, and records the blocked attempt (a `send_blocked` event" in README
    assert baton(home, "init", "--user", "ana").exit_code == 0
    write_relay(home / "checklists")
    handoff = baton(home, "new", "relay", "--title", "Acme deal", "--to", "ben").stdout.split()[0]
    result = baton(home, "send", handoff)
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0].startswith("baton: cannot send: 7 items") and len(lines) == 8
    assert kinds(home).count("send_blocked") == 1


def test_a_double_send_exits_5_as_the_readme_says(home) -> None:
    assert "sending a\nhandoff that is already sent exits 5" in README
    assert baton(home, "init", "--user", "ana").exit_code == 0
    write_relay(home / "checklists")
    handoff = baton(home, "new", "relay", "--title", "Acme deal", "--to", "ben").stdout.split()[0]
    for item, value in GOOD_VALUES.items():
        assert baton(home, "set", handoff, item, *([] if value is None else [str(value)])).exit_code == 0
    assert baton(home, "send", handoff).exit_code == 0
    again = baton(home, "send", handoff)
    assert again.exit_code == 5 and len(again.stderr.splitlines()) == 1


def test_control_characters_look_as_the_readme_says() -> None:
    """Escapes everywhere text is shown; one sign each in a field being edited (the app's answer inputs)."""
    from rich.segment import Segment
    from textual.strip import Strip

    from baton.core.terminal_text import harmless
    from baton.tui.widgets.shown_fields import _shown

    assert "shown as escapes\n  (`\\x1b[2J`, `\\r`)" in README
    assert harmless("\x1b[2J\r") == "\\x1b[2J\\r"
    assert "as one sign, `␛` for ESC, `␍` for a carriage return" in README
    drawn = _shown(Strip([Segment("Forty seats \x1b[2J\r")]))
    assert "".join(segment.text for segment in drawn) == "Forty seats ␛[2J␍"

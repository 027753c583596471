"""The CLI run in-process against one home, and a home with one relay handoff started, for CLI tests."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import write_relay

from baton.tui.cli import cli


def baton(home, *args: str):
    return CliRunner().invoke(cli, [*args], env={"BATON_HOME": str(home)}, catch_exceptions=False)


def started(home) -> str:
    """ana's home with a relay checklist and one handoff to ben opened: its id."""
    assert baton(home, "init", "--user", "ana").exit_code == 0
    write_relay(home / "checklists")
    result = baton(home, "new", "relay", "--title", "Acme - 40 seats", "--to", "ben")
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[0]

"""The README's command reference names every team command and each of its options."""

from __future__ import annotations

from pathlib import Path

import click

from baton.tui.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _options(command: click.Command) -> list[str]:
    return [name for p in command.params if isinstance(p, click.Option) for name in p.opts if name.startswith("--")]


def test_every_team_command_and_option_is_documented():
    team = cli.commands["team"]
    assert isinstance(team, click.Group)
    assert "baton team [--json]" in README
    for name, command in team.commands.items():
        lines = [line for line in README.splitlines() if line.startswith(f"baton team {name}")]
        assert lines, f"baton team {name} is not in the README"
        for option in _options(command):
            if option in ("--help",):
                continue
            assert any(option in line for line in lines), f"baton team {name} {option} is not in the README"


def test_init_and_templates_publish_are_documented():
    init_line = next(line for line in README.splitlines() if line.startswith("baton init --user USER"))
    for option in _options(cli.commands["init"]):
        assert option in init_line, option
    assert "baton templates publish FILE" in README

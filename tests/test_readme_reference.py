"""The README's command reference names every command and every option of routing, intake, days away and upgrades."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from baton.tui.cli import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
REFERENCE = README.split("## Command reference", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("name", ["new", "accept", "away", "stage", "upgrade"])
def test_every_option_is_in_the_command_reference(name: str) -> None:
    command = cli.commands[name]
    assert f"baton {name}" in REFERENCE
    lines = [line for line in REFERENCE.splitlines() if line.startswith(f"baton {name}")]
    for param in command.params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            assert any(opt in line for line in lines for opt in param.opts), f"baton {name} {param.opts[0]}"

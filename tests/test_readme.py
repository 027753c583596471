"""The README documents every command and every option (as sqlite-utils' test_docs does).

A command's options must appear in the README on a line that names the command
(`baton brief ID [--output FILE] [--summary]`), so nobody has to read the code or
`--help` to find out what baton can do.
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from baton.tui.cli import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "baton") -> list[tuple[str, str, click.Command]]:
    """(parent path, name, command) of every command, sub-commands of groups included."""
    found = []
    for name, command in group.commands.items():
        found.append((prefix, name, command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
    return found


COMMANDS = _commands(cli)


def _lines_about(parent: str, name: str) -> list[str]:
    """README lines that show the command: `baton NAME ...`, or for a sub-command `baton GROUP ... NAME ...`."""
    path = f"{parent} {name}"
    found = []
    for line in README.splitlines():
        text = line.strip()
        if (
            text == path
            or text.startswith(path + " ")
            or (parent != "baton" and text.startswith(parent + " ") and f" {name} " in f" {text} ")
        ):
            found.append(text)
    return found


@pytest.mark.parametrize("parent, name, command", COMMANDS, ids=[f"{p} {n}" for p, n, _ in COMMANDS])
def test_every_command_and_option_is_in_the_readme(parent, name, command):
    path = f"{parent} {name}"
    lines = _lines_about(parent, name)
    assert lines, f"`{path}` is not in the README's command reference"
    for param in command.params:
        if not isinstance(param, click.Option) or param.hidden:
            continue
        longest = max(param.opts, key=len)
        if longest in ("--help", "-h"):
            continue
        assert any(longest in line for line in lines), f"`{path} {longest}` is not in the README"

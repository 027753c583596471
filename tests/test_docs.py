"""The README documents the command line as it is (in the spirit of sqlite-utils' test_docs).

- Every command has exactly one line in the fenced block under "## Command reference",
  starting `baton <command>`, and that line names each of its options (by its long
  name); a line for a command that does not exist fails too.
- A paragraph whose first code span is a `baton ... --json` command promises each
  `lowercase_word` code span in it as a key of that command's JSON output (at any
  depth); a word right after "without" promises the key is absent.

A new command passes once its line is in the reference; the failure says which line
or option is missing.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from conftest import run

from baton.tui.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
HEADING = "## Command reference"


def commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> Iterator[tuple[str, click.Command]]:
    """Every command the user can run, as ("templates show", command); groups too."""
    for name, command in group.commands.items():
        if command.hidden:
            continue
        yield " ".join((*path, name)), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def long_options(command: click.Command) -> list[str]:
    return [
        name
        for param in command.params
        if isinstance(param, click.Option) and not param.hidden
        for name in [*param.opts, *param.secondary_opts]
        if name.startswith("--") and name != "--help"
    ]


def reference() -> list[str]:
    """The lines of the fenced block under the command reference heading."""
    text = README.read_text(encoding="utf-8")
    assert HEADING in text, f"README.md has no {HEADING!r} section"
    block = re.search(r"```\n(.*?)```", text[text.index(HEADING) :], re.S)
    assert block, f"no fenced block under {HEADING!r} in README.md"
    lines: list[str] = []
    for line in block.group(1).splitlines():
        if line[:1].isspace() and lines:  # a description carried on to the next line
            lines[-1] += " " + line.strip()
        elif line.strip():
            lines.append(line)
    return lines


def synopsis(line: str) -> str:
    """A reference line without its description (which follows two spaces or more)."""
    return re.split(r"\s{2,}", line.strip())[0]


def documented(line: str) -> tuple[str | None, list[str]]:
    """The command a reference line is for ("templates show"), and the words after it."""
    words = synopsis(line).split()[1:]
    command: click.Command = cli
    taken = 0
    while taken < len(words) and isinstance(command, click.Group) and words[taken] in command.commands:
        command = command.commands[words[taken]]
        taken += 1
    return (" ".join(words[:taken]) or None), words[taken:]


def lines_for(path: str, lines: list[str]) -> list[str]:
    return [line for line in lines if documented(line)[0] == path]


def test_every_command_and_option_is_in_the_command_reference():
    lines = reference()
    problems = []
    for path, command in commands():
        found = lines_for(path, lines)
        if isinstance(command, click.Group) and not found and not long_options(command):
            continue  # a group is documented by its subcommands' lines
        if not found:
            problems.append(f"`baton {path}` has no line in README.md's command reference: add `baton {path} ...`")
            continue
        if len(found) > 1:
            problems.append(f"`baton {path}` has {len(found)} lines in README.md's command reference: keep one")
        for option in long_options(command):
            if not any(re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", synopsis(line)) for line in found):
                problems.append(f"`baton {path}`: option {option} is missing from its line in README.md")
    for option in long_options(cli):
        if not any(line.split()[:2] == ["baton", option] for line in lines):
            problems.append(f"`baton {option}` has no line in README.md's command reference")
    assert not problems, "\n".join(problems)


def test_the_reference_names_no_command_that_does_not_exist():
    groups = {path for path, command in commands() if isinstance(command, click.Group)}
    stale = []
    for line in reference():
        assert line.split()[0] == "baton", (
            f"a line in README.md's command reference that is not a baton command: {line!r}"
        )
        path, rest = documented(line)
        word = rest[0] if rest and re.fullmatch(r"[a-z][a-z-]*", rest[0]) else None
        if word and (path is None or path in groups):
            stale.append(
                f"README.md's command reference documents `baton {path or ''} {word}`".replace("  ", " ")
                + f", which is not a command: {line!r}"
            )
    assert not stale, "\n".join(stale)


def test_the_reference_check_names_what_is_missing(monkeypatch):
    """A command added without documentation fails with its name in the message."""

    @cli.command("frobnicate", hidden=False)
    @click.option("--loudly", is_flag=True)
    def frobnicate(loudly: bool) -> None:
        """Not a real command."""

    try:
        with pytest.raises(AssertionError) as failure:
            test_every_command_and_option_is_in_the_command_reference()
        assert "`baton frobnicate` has no line in README.md's command reference" in str(failure.value)
        lines = reference()
        monkeypatch.setattr(sys.modules[__name__], "reference", lambda: [*lines, "baton frobnicate  does nothing"])
        with pytest.raises(AssertionError) as failure:
            test_every_command_and_option_is_in_the_command_reference()
        assert "`baton frobnicate`: option --loudly is missing from its line in README.md" in str(failure.value)
    finally:
        del cli.commands["frobnicate"]


# ---- --json keys -------------------------------------------------------------------


def json_promises() -> list[tuple[list[str], set[str], set[str]]]:
    """(command words, keys promised, keys promised absent) for each README paragraph about `--json`."""
    text = README.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # paragraphs, not code blocks
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        spans = re.findall(r"`([^`]+)`", paragraph)
        if not spans or not re.fullmatch(r"baton [^`]*--json", spans[0]):
            continue
        command = [w for w in spans[0].split() if w != "--json"]
        absent = set(re.findall(r"without `([a-z_]+)`", paragraph))
        keys = {span for span in spans if re.fullmatch(r"[a-z][a-z0-9_]*", span)} - absent
        found.append((command, keys, absent))
    return found


def keys_in(value: Any) -> set[str]:
    """Every key of every object in a JSON value, at any depth."""
    if isinstance(value, dict):
        return set(value) | {key for inner in value.values() for key in keys_in(inner)}
    if isinstance(value, list):
        return {key for inner in value for key in keys_in(inner)}
    return set()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Path]:
    """The demo workspace, synced once with a teammate whose folder holds a file still arriving."""
    root = tmp_path_factory.mktemp("docs")
    homes = {"demo": root / "demo", "ana": root / "ana", "shared": root / "shared"}
    homes["shared"].mkdir()
    assert run("demo", home=homes["demo"]).returncode == 0
    assert run("init", "--user", "ana", "--tz", "UTC", "--sync-dir", homes["shared"], home=homes["ana"]).returncode == 0
    assert run("sync", home=homes["ana"]).returncode == 0
    rid = json.loads((homes["ana"] / "config.json").read_text())["replica_id"]
    (homes["shared"] / "baton" / "v1" / "replicas" / rid / "000009-0badf00d.jsonl").write_bytes(
        b'{"v":1,"id":"half a line'
    )
    return homes


def json_output(command: list[str], homes: dict[str, Path]) -> list[Any]:
    """The command's --json output on the demo; an ID stands for every handoff there."""
    home = homes["demo"]
    if command[1:] == ["sync"]:
        result = run("sync", "--dir", homes["shared"], "--json", home=home)
        assert result.returncode == 0, result.stderr
        return [json.loads(result.stdout)]
    ids = [h["id"] for h in json.loads(run("list", "--all", "--json", home=home).stdout)]
    outputs = []
    for handoff in ids if "ID" in command else [None]:
        args = [handoff if word == "ID" else word for word in command[1:]]
        result = run(*args, "--json", home=home)
        assert result.returncode == 0, (command, result.stderr)
        outputs.append(json.loads(result.stdout))
    return outputs


def test_the_readme_finds_json_promises():
    commands_promised = {" ".join(command) for command, _, _ in json_promises()}
    assert {"baton list", "baton show ID", "baton report", "baton sync"} <= commands_promised


@pytest.mark.parametrize(
    "command, keys, absent", json_promises(), ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_every_json_key_the_readme_promises_exists(demo, command, keys, absent):
    outputs = json_output(command, demo)
    seen = set().union(*(keys_in(output) for output in outputs))
    missing = sorted(keys - seen)
    assert not missing, f"README.md promises {missing} in `{' '.join(command)} --json`, which never prints them"
    for output in outputs:
        for top in output if isinstance(output, list) else [output]:
            present = sorted(absent & set(top))
            assert not present, f"README.md says `{' '.join(command)} --json` has no {present}"

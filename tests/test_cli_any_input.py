"""Any command line, however wrong, gets an answer in baton's words: one `baton:` line and a known exit code.

Every command of the tree is called with arguments drawn from what users and attackers type: real and
unknown ids, ambiguous prefixes, item ids, wrong values for every item kind, control characters, text
from undecodable bytes, huge values, and each command's own options. No call may end in a traceback or
in "unexpected error" (the last-resort guard in tui/cli/output.py), and a refusal always says why.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baton.tui.cli import cli

EXIT_CODES = {0, 1, 2, 3, 4, 5}
LEFT_OUT = {"demo", "--watch"}  # `demo` builds a whole workspace; `sync --watch` runs until stopped


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found: list[tuple[tuple[str, ...], click.Command]] = []
    for name, command in sorted(group.commands.items()):
        if name in LEFT_OUT:
            continue
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        else:
            found.append(((*path, name), command))
    return found


COMMANDS = _commands(cli)
PATHS = ["out.csv", "brief.md", "missing/dir/file", ".", "shared", "no-such-file.toml"]  # relative to a temp folder
PATH_OPTIONS = {"--output", "--dir", "--home", "path", "paths"}

words = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "ben",
            "ana",
            "nobody",
            "@delivery",
            "@",
            "@no-such-stage",
            "reason",
            "planned leave",
            "leaving",
            "back-on",
            "hours-left",
            "files",
            "client-told",
            "no-such-item",
            "task-reassignment",
            "sales-to-onboarding",
            "TBD",
            "see Slack",
            "2030-02-30",
            "2030-03-01",
            "tomorrow",
            "yesterday",
            "1970-01-01",
            "-5",
            "1e400",
            "NaN",
            "12.5",
            "yes",
            "https://example.com/x",
            "javascript:alert(1)",
            "lead",
            "member",
            "09:00-17:00",
            "25:00-26:00",
            "Europe/Berlin",
            "Mars/Olympus",
            "DE",
            "XX-YY",
            "none",
            "csv",
            "json",
            "sent",
            "drafted",
            "baton1.AAAA",
            "\udcff\udcfe",  # argv bytes that are not UTF-8
            "\x1b[2J\x1b[31mred",
            "\u202eevil",
            "a\nb",
            "x" * 5000,
            "0",
            "-1",
            "99999999999999999999",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30),
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ana, a lead, in a team over a shared folder: one draft to ben (not joined yet), one to herself's stage."""
    root = tmp_path_factory.mktemp("workspace")
    (root / "shared").mkdir()
    home = root / "home"

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, list(args), env={"BATON_HOME": str(home)}, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    run("init", "--user", "ana", "--name", "Ana Lead", "--role", "lead", "--sync-dir", str(root / "shared"))
    first = run("new", "task-reassignment", "--title", "Move the Acme work", "--to", "ben", "--new-teammate")
    run("set", first.strip(), "reason", "planned leave")
    run("new", "task-reassignment", "--title", "Move the Bolt work", "--to", "ben", "--new-teammate")
    run("sync")
    return root


@st.composite
def command_lines(draw: st.DrawFn, ids: tuple[str, ...]) -> list[str]:
    path, command = draw(st.sampled_from(COMMANDS))
    handoff = st.sampled_from([*ids, ids[0][:4], ids[0][:1], "0" * 32, "zzzz"])
    argv = list(path)
    for param in command.params:
        if isinstance(param, click.Argument):
            if draw(st.integers(0, 9)) == 0:
                continue  # a missing argument
            value = draw(handoff) if param.name == "handoff" else draw(words)
            argv.append(draw(st.sampled_from(PATHS)) if param.name in PATH_OPTIONS else value)
        elif isinstance(param, click.Option) and param.opts[0] not in LEFT_OUT and draw(st.booleans()):
            name = param.opts[0]
            if param.is_flag:
                argv.append(name)
            elif name in PATH_OPTIONS or param.name in PATH_OPTIONS:
                argv += [name, draw(st.sampled_from(PATHS))]
            else:
                argv += [name, draw(words)]
    return argv


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_command_line_gets_one_clear_answer(workspace: Path, tmp_path_factory: pytest.TempPathFactory, data):
    root = tmp_path_factory.mktemp("try")
    shutil.copytree(workspace, root, dirs_exist_ok=True)
    config = (root / "home" / "config.json").read_text().replace(str(workspace), str(root))
    (root / "home" / "config.json").write_text(config)
    ids = CliRunner().invoke(cli, ["list", "--all", "--json"], env={"BATON_HOME": str(root / "home")})
    full = tuple(row["id"] for row in json.loads(ids.stdout))
    assert len(full) == 2
    argv = data.draw(command_lines(full))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.setenv("EDITOR", "true")
        result = run(*argv, home=root / "home")
    said = result.stderr
    assert result.returncode in EXIT_CODES, (argv, result.returncode, said)
    assert "Traceback" not in said and "unexpected error" not in said, (argv, said)
    if result.returncode == 1 and argv[:2] == ["templates", "validate"]:  # a linter's lines: `FILE: problem`
        assert all(line.split(": ")[0] in argv for line in said.splitlines()), (argv, said)
    elif result.returncode != 0:
        assert any(line.startswith("baton: ") for line in said.splitlines()), (argv, result.returncode, said)


CONTROL = {chr(c) for c in range(32) if chr(c) not in "\n\t"} | {"\x7f"} | {chr(c) for c in range(0x80, 0xA0)}
hostile = st.text(
    alphabet=st.sampled_from(["\x1b", "[", "2", "J", "]", "8", ";", "\x07", "\r", "\x08", "\x9b", "\u202e", "a", " "]),
    min_size=1,
    max_size=20,
).map(lambda text: f"x{text}")


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=hostile)
def test_typed_control_characters_never_reach_the_terminal_raw(workspace: Path, tmp_path_factory, text: str):
    """What a teammate typed is shown, never obeyed: no escape sequence from a value, comment or title is printed.

    (`export` and `--json` give the text exactly, as the README says: they are data, not a screen.)"""
    root = tmp_path_factory.mktemp("controls")
    shutil.copytree(workspace, root, dirs_exist_ok=True)
    home = root / "home"
    (home / "config.json").write_text((home / "config.json").read_text().replace(str(workspace), str(root)))
    handoff = json.loads(run("list", "--all", "--json", home=home).stdout)[0]["id"]
    for args in (("comment", handoff, text), ("set", handoff, "tracker-id", text), ("set", handoff, "promised", text)):
        run(*args, home=home)
    made = run("new", "task-reassignment", "--title", f"Title {text}", "--to", "ben", "--new-teammate", home=home)
    for args in (
        ("show", handoff),
        ("history", handoff),
        ("brief", handoff),
        ("list", "--all"),
        ("remind",),
        ("show", made.stdout.strip() or handoff),
    ):
        shown = run(*args, home=home)
        raw = CONTROL & set(shown.stdout + shown.stderr)
        assert not raw, (args, text, sorted(map(ord, raw)))

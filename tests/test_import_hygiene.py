"""Imports point down only, and the command line starts light.

Checked in fresh interpreters: `sys.modules` of this test process already holds
whatever other tests imported.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys

import pytest
from conftest import CliTeam


def fresh(code: str, home=None) -> dict:
    """Run `code` in a new interpreter; it prints one JSON object last."""
    env = {**os.environ}
    if home is not None:
        env["BATON_HOME"] = str(home)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


LOADED = """
import json, sys
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))
"""


def every_module(package: str) -> str:
    return (
        f"""
import importlib, pkgutil
import {package} as package
for info in pkgutil.iter_modules(package.__path__):
    importlib.import_module("{package}." + info.name)
"""
        + LOADED
    )


@functools.cache
def every_core_module() -> dict:
    """One fresh interpreter that imports every module of baton.core: the top-level packages it loaded
    ("top") and the core modules among them ("core"), for the two tests below."""
    return fresh(
        every_module("baton.core").replace(LOADED, "")
        + """
import json, sys
print(json.dumps({"top": sorted({m.split('.')[0] for m in sys.modules}),
                  "core": sorted(m for m in sys.modules if m.startswith("baton.core."))}))
"""
    )


def test_core_never_imports_textual_or_watchfiles():
    loaded = every_core_module()["top"]
    assert "baton" in loaded and "pydantic" in loaded
    assert "textual" not in loaded
    assert "watchfiles" not in loaded


def test_sync_never_imports_textual():
    loaded = fresh(every_module("baton.sync"))
    assert "textual" not in loaded


def test_core_modules_are_all_imported():
    """The probe really imports every module, so the checks above can fail."""
    loaded = every_core_module()["core"]
    assert {"baton.core.replica", "baton.core.store", "baton.core.gate", "baton.core.demo"} <= set(loaded)


RUN_CLI = """
import json, sys
from baton.tui.cli import main
sys.argv = ["baton"] + {args!r}
try:
    main()
except SystemExit as exc:
    code = exc.code
print()
print(json.dumps({{"code": code, "loaded": sorted({{m.split('.')[0] for m in sys.modules}})}}))
"""


@pytest.mark.parametrize("args", [["list"], ["list", "--all", "--json"], ["list", "--inbox", "--status", "sent"]])
def test_baton_list_imports_neither_textual_nor_pydantic(cli_team: CliTeam, args):
    cli_team.prepared(sent=True)
    outcome = fresh(RUN_CLI.format(args=args), home=cli_team.home)
    assert outcome["code"] == 0
    assert "textual" not in outcome["loaded"]
    assert "pydantic" not in outcome["loaded"]
    assert "msgspec" not in outcome["loaded"]


def test_the_sync_package_loads_msgspec_only_when_it_reads_a_line():
    """Importing sync (as `baton sync` and the app do) does not load msgspec; reading an event line does."""
    probe = """
import json, sys
from baton.sync import importer, wire
from baton.sync.snapshots import Snapshots
before = "msgspec" in sys.modules
try:
    wire.read_line(b'{"v":1}', Snapshots().loads, Snapshots().reduced_of)
except wire.BadLine:
    pass
print(json.dumps([before, "msgspec" in sys.modules]))
"""
    assert fresh(probe) == [False, True]


def test_the_check_sees_textual_when_it_is_loaded():
    """The same probe reports textual once something imports it, so the tests above can fail."""
    outcome = fresh("import textual\n" + LOADED)
    assert "textual" in outcome


def test_other_commands_do_not_import_textual(cli_team: CliTeam):
    handoff = cli_team.prepared()
    for args in (["show", handoff], ["history", handoff], ["templates", "list"]):
        outcome = fresh(RUN_CLI.format(args=args), home=cli_team.home)
        assert outcome["code"] == 0, args
        assert "textual" not in outcome["loaded"], args


HEAVY = ("pydantic", "sqlite_utils", "textual", "watchfiles", "msgspec")
"""What the read path and the common writes must not load: each costs more than the command itself
(msgspec is for reading a teammate's lines: only an import needs it)."""


@pytest.mark.parametrize("command", ["show", "history", "brief", "set", "send", "accept", "return"])
def test_read_path_and_common_writes_load_only_what_they_need(cli_team: CliTeam, command):
    """`show` and `send` (and history, brief, set, accept, return) load no pydantic, no sqlite-utils, no Textual."""
    handoff = cli_team.prepared(sent=command in ("accept", "return"))
    args = {
        "show": ["show", handoff],
        "history": ["history", handoff],
        "brief": ["brief", handoff],
        "set": ["set", handoff, "summary", "They need forty seats by the first of the month"],
        "send": ["send", handoff],
        "accept": ["accept", handoff],
        "return": ["return", handoff, "--reason", "The seat count does not match the contract"],
    }[command]
    cli_team.become("ben" if command in ("accept", "return") else "ana")
    outcome = fresh(RUN_CLI.format(args=args), home=cli_team.home)
    assert outcome["code"] == 0, (command, outcome)
    assert not set(HEAVY) & set(outcome["loaded"]), (command, outcome["loaded"])


def test_the_read_path_check_sees_pydantic_when_a_command_needs_it(cli_team: CliTeam):
    """`templates validate` checks a file against the schema, so it does load pydantic: the check above can fail."""
    path = cli_team.home / "bad.toml"
    path.write_text('id = "x"\n', encoding="utf-8")
    outcome = fresh(RUN_CLI.format(args=["templates", "validate", str(path)]), home=cli_team.home)
    assert "pydantic" in outcome["loaded"]


def test_version_answers_without_importing_the_command_line():
    """`baton --version` prints the installed package's version before click or any command is imported."""
    from importlib.metadata import version

    code = "import sys\nsys.argv = ['baton', '--version']\nfrom baton.tui.entry import main\nmain()\n" + LOADED
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    first, loaded = result.stdout.splitlines()[0], json.loads(result.stdout.splitlines()[-1])
    assert first == f"baton, version {version('baton')}"
    assert "click" not in loaded and "pydantic" not in loaded


def test_show_and_send_in_a_founded_team_load_no_pydantic(tmp_path):
    """In a team every fold asks whether the checklist is known: the built-ins come from the home's cache."""
    from conftest import run_process as run  # real processes, as a user's: in-process runs share caches

    home, shared = tmp_path / "home", tmp_path / "shared"
    shared.mkdir()
    assert run("init", "--user", "ana", "--role", "lead", "--sync-dir", shared, home=home).returncode == 0
    assert "ana" in run("team", "--json", home=home).stdout  # the team exists
    handoff = run("new", "sales-to-onboarding", "--title", "Acme — 40 seats", "--to", "ben", home=home).stdout.strip()
    for args in (["show", handoff], ["send", handoff]):
        outcome = fresh(RUN_CLI.format(args=args), home=home)
        assert outcome["code"] in (0, 3), args  # the new draft is blocked by its checklist: exit 3, said in one line
        assert "pydantic" not in outcome["loaded"], args


RUN_ENTRY = RUN_CLI.replace("from baton.tui.cli import main", "from baton.tui.entry import main")
"""As RUN_CLI, through the console script's entry point (tui/entry.py): the hot commands' fast path."""

HOT_PATH_SPARES = ("click", "nacl", "hashlib", "subprocess", "tomllib", "importlib.resources", "dataclasses", "inspect")
"""What `show` loads no more: click (the fast path), PyNaCl and hashlib (no signature or hash to check),
dataclasses and the inspect module it loads (the records it reads are core/record.py's),
subprocess (no hook runs), tomllib (the built-in answer checks come parsed from the home's cache once the
first command kept them: answer_checks_cache.py), importlib.resources."""

RUN_ENTRY_MODULES = RUN_ENTRY.replace("{{m.split('.')[0] for m in sys.modules}}", "sys.modules")


@pytest.mark.parametrize("command", ["show", "show --json", "send", "list", "list --all --json"])
def test_hot_commands_load_no_click(cli_team: CliTeam, command):
    """The simple forms of show, send and list run without click (tui/cli/fast_path.py), nor anything heavy."""
    handoff = cli_team.prepared()
    args = command.split() + ([handoff] if command.split()[0] in ("show", "send") else [])
    outcome = fresh(RUN_ENTRY.format(args=args), home=cli_team.home)
    assert outcome["code"] == 0, (command, outcome)
    assert not {"click", *HEAVY} & set(outcome["loaded"]), (command, outcome["loaded"])


def test_show_loads_only_what_it_reads(cli_team: CliTeam):
    handoff = cli_team.prepared()
    first = fresh(RUN_ENTRY_MODULES.format(args=["show", handoff]), home=cli_team.home)
    outcome = fresh(RUN_ENTRY_MODULES.format(args=["show", handoff]), home=cli_team.home)
    assert first["code"] == outcome["code"] == 0
    assert "baton.core.projection" in outcome["loaded"]  # the probe lists dotted modules: it can fail
    assert not set(HOT_PATH_SPARES) & set(outcome["loaded"]), sorted(set(HOT_PATH_SPARES) & set(outcome["loaded"]))


def test_the_hot_path_check_sees_click_when_click_runs(cli_team: CliTeam):
    """`show --help` is click's to answer: the probe above reports click then, so it can fail."""
    outcome = fresh(RUN_ENTRY.format(args=["show", "--help"]), home=cli_team.home)
    assert outcome["code"] == 0 and "click" in outcome["loaded"]

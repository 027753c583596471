"""Teammates' text reaches the terminal with its escape sequences shown, not obeyed, and `--json` stays exact.

A comment, an answer, a return reason, a checklist's text or a file name can carry an
escape sequence (recolour, clear the screen, set the window title, move the cursor to
forge a line). Every command that prints it, and the app, shows it as `\\x1b…`.
"""

from __future__ import annotations

import json
import stat

from conftest import GOOD_VALUES, write_relay
from hypothesis import given
from hypothesis import strategies as st

from baton.core.terminal_text import harmless, harmless_json, harmless_line

ESC = "\x1b"
NASTY = "Forty seats \x1b[2J\x1b]0;owned\x07 and \x9b31m\u202eevil"
"""Clear the screen, set the window title, a C1 control sequence and a right-to-left override."""

ACTED_ON = {chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]} | {"\u202e", "\u2066"}


@given(st.text())
def test_harmless_leaves_nothing_a_terminal_acts_on(text):
    shown = harmless(text)
    assert not set(shown) & ACTED_ON
    assert shown.count("\n") == text.replace("\r\n", "\n").count("\n")  # line breaks kept
    assert "\n" not in harmless_line(text) and not set(harmless_line(text)) & ACTED_ON


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cf", "Cs", "Zl", "Zp", "Zs"])))
def test_printable_text_is_shown_as_it_is(text):
    assert harmless(text) == text == harmless_line(text)


@given(st.text(alphabet=st.sampled_from("ab \n\t\r\x1b\x9b\u202e\u2028\xad\ud800é")) | st.text())
def test_a_page_left_as_it_is_is_one_the_tables_would_not_change(text):
    """The shortcut for printable text with line breaks and tabs gives what translating it would."""
    from baton.core.terminal_text import _json, _table

    _TABLE, _JSON = _table(), _json()
    assert harmless(text) == text.replace("\r\n", "\n").translate(_TABLE)
    assert harmless_json(text) == text.translate(_JSON)
    assert all(not chr(code).isprintable() for code in [*_TABLE, *_JSON])  # what the shortcut relies on


@given(st.recursive(st.text() | st.integers(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_keeps_every_value_exactly(value):
    text = harmless_json(json.dumps(value, ensure_ascii=False))
    assert json.loads(text) == value
    assert not set(text) & (ACTED_ON - {"\n"})


def test_a_named_escape_reads_as_what_it_was():
    assert harmless("a\x1b[31mb\rc\td\ne") == "a\\x1b[31mb\\rc\td\ne"
    assert harmless_line("two\nlines") == "two\\nlines"


def _scene(cli_team):
    """A handoff whose answer, comment and return reason all carry escape sequences; ben returned it."""
    hooks = cli_team.home / "hooks"
    hooks.mkdir()
    hook = hooks / "on-return"
    hook.write_text("#!/bin/sh\nprintf 'posted \\033[31mred\\033]0;title\\007\\n'\n")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    ana = cli_team.replica("ana")
    handoff = ana.create("relay", "Acme [bold]40 seats[/bold]", "ben")
    for item_id, raw in {**GOOD_VALUES, "summary": NASTY}.items():
        ana.set_item(handoff, item_id, raw)
    ana.comment(handoff, f"see {ESC}[8mhidden{ESC}[0m\nsecond line")
    ana.send(handoff)
    ana.close()
    return handoff


def test_every_command_shows_escapes_and_keeps_json_exact(cli_team):
    handoff = _scene(cli_team)
    returned = cli_team("ben", "return", handoff, "--reason", f"Missing the PO {ESC}[1A{ESC}[2Kforged line")
    assert returned.returncode == 0, returned.stderr
    assert "hook on-return" in returned.stderr and ESC not in returned.stderr  # the hook printed escapes
    for args in (
        ["show", handoff],
        ["history", handoff],
        ["list", "--all"],
        ["brief", handoff],
        ["report"],
        ["remind"],
        ["templates", "show", "relay"],
    ):
        result = cli_team("ana", *args)
        assert result.returncode in (0, 3), (args, result.stderr)
        assert ESC not in result.stdout + result.stderr and "\x9b" not in result.stdout, args
        assert "\x07" not in result.stdout and "\u202e" not in result.stdout, args
    shown = cli_team("ana", "show", handoff).stdout
    assert "Forty seats \\x1b[2J\\x1b]0;owned\\x07 and \\x9b31m\\u202eevil" in shown
    assert "hidden" in shown and "second line" in shown
    assert "Acme [bold]40 seats[/bold]" in shown
    assert "\\x1b[1A\\x1b[2Kforged line" in cli_team("ana", "report").stdout
    data = json.loads(cli_team("ana", "show", handoff, "--json").stdout)
    assert {i["id"]: i["value"] for i in data["items"]}["summary"] == NASTY
    assert data["last_return_reason"] == f"Missing the PO {ESC}[1A{ESC}[2Kforged line"
    raw = cli_team("ana", "show", handoff, "--json").stdout
    assert ESC not in raw and "\x9b" not in raw and "\u202e" not in raw


def test_a_brief_file_shows_escapes_too(cli_team, tmp_path):
    handoff = _scene(cli_team)
    out = tmp_path / "brief.md"
    assert cli_team("ben", "brief", handoff, "-o", out).returncode == 0
    text = out.read_text()
    assert ESC not in text and "\\x1b[2J" in text


def test_a_checklist_text_with_escapes_is_shown_harmlessly(cli_team):
    write_relay(
        cli_team.home / "checklists",
        (cli_team.home / "checklists" / "relay.toml")
        .read_text()
        .replace("Contract signed", "Contract \\u001b[5msigned"),
    )
    handoff = cli_team.new()
    result = cli_team("ana", "send", handoff)
    assert result.returncode == 3
    assert ESC not in result.stderr and "Contract \\x1b[5msigned" in result.stderr
    assert ESC not in cli_team("ana", "show", handoff).stdout


def test_an_error_naming_what_was_typed_shows_escapes(cli_team):
    result = cli_team("ana", "show", f"nope{ESC}[2J")
    assert result.returncode == 4 and ESC not in result.stderr and "\\x1b[2J" in result.stderr


# ---- a title or a name never needs a control character: core refuses them ----------


def test_a_title_with_an_escape_is_refused_and_nothing_is_written(cli_team):
    from test_cli import refused

    line = refused(cli_team, "ana", 1, "new", "relay", "--title", f"Acme {ESC}]0;pwned\x07", "--to", "ben")
    assert "control characters" in line and ESC not in line


def test_a_synced_creation_with_an_escape_in_its_title_is_a_conflict_everywhere(team):
    from baton.core.ids import new_id
    from baton.core.projection import fold

    template = team["ana"].catalog().get("relay").template.as_dict()
    for title in (f"Acme {ESC}[2J", "Acme\nforged line", "Acme\u202eevil"):
        body = {"template": template, "title": title, "to": "ben", "due": None}
        event = team["ana"]._event(new_id(), "created", body).model_dump()
        state = fold(event["handoff"], [event])
        assert not state.exists and "control characters" in state.conflicts[0].reason


def test_a_name_with_an_escape_is_refused_at_init(home):
    from conftest import run

    result = run("init", "--user", "ana", "--tz", "UTC", "--name", f"Ana {ESC}[31m", home=home)
    assert result.returncode == 1 and "control characters" in result.stderr and ESC not in result.stderr
    assert not (home / "config.json").exists()


def test_a_roster_name_with_an_escape_counts_as_not_given():
    from baton.core.team.changes import _text

    assert _text({"name": f"Ana {ESC}[31m"}, "name") is None
    assert _text({"name": " Ana Lima "}, "name") == "Ana Lima"


def test_list_shows_a_stored_title_with_escapes_on_one_line(cli_team):
    """A title stored before titles were checked (or by an older baton): `list` keeps it on its row, harmless."""
    import sqlite3

    handoff = cli_team.new()
    conn = sqlite3.connect(cli_team.home / "baton.db")
    with conn:
        conn.execute("UPDATE handoffs SET title = ? WHERE id = ?", (f"Acme {ESC}[2J\nforged row \x9b1m", handoff))
    conn.close()
    text = cli_team("ana", "list", "--all").stdout
    assert ESC not in text and "\x9b" not in text and "forged row" in text
    assert len(text.strip().splitlines()) == 3  # the header, the one row, the count
    raw = cli_team("ana", "list", "--all", "--json").stdout
    assert "\x9b" not in raw and json.loads(raw)[0]["title"] == f"Acme {ESC}[2J\nforged row \x9b1m"

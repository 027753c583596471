"""One broken file in the home's checklists folder stopped `new` for every checklist, and `templates list`
and `show` even for the built-ins, each run naming only the next broken file; the app's new-handoff list
came up empty. A broken file is now skipped: every usable checklist works, `templates list` names every
broken file once, and only `new` (or `show`) on the broken file's own id is refused, with its reason."""

from __future__ import annotations

import os

import pytest
from cli_support import baton
from conftest import RELAY_TOML, write_relay

from baton.core.catalog import Catalog


def _bad_toml(folder):
    write_relay(folder, RELAY_TOML.replace('id = "relay"', 'id = "t-bad"') + "x = = 1\n", name="t-bad.toml")


def _unknown_kind(folder):
    write_relay(folder, RELAY_TOML.replace('id = "relay"', 'id = "odd"').replace('"number"', '"nummer"'), "odd.toml")


def _dangling(folder):
    folder.mkdir(parents=True, exist_ok=True)
    os.symlink(folder / "gone.toml", folder / "link.toml")


def _duplicate(folder):
    write_relay(folder, name="relay-copy.toml")  # the same id and version as relay.toml


def _builtin_id(folder):
    text = RELAY_TOML.replace('id = "relay"', 'id = "sales-to-onboarding"').replace("version = 1", "version = 9")
    write_relay(folder, text.replace('"number"', '"nummer"'), name="mine.toml")


BREAKAGES = {
    "t-bad.toml": (_bad_toml, "not valid TOML", "t-bad"),
    "odd.toml": (_unknown_kind, "unknown kind 'nummer'", "odd"),
    "link.toml": (_dangling, "cannot read: no such file", "link"),
    "relay-copy.toml": (_duplicate, "also defined in", "relay"),
    "mine.toml": (_builtin_id, "unknown kind 'nummer'", "sales-to-onboarding"),
}


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    assert baton(home, "init", "--user", "tess", "--tz", "UTC").exit_code == 0
    write_relay(home / "checklists")
    return home


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_a_broken_file_leaves_every_other_checklist_working(home, name):
    make, words, own_id = BREAKAGES[name]
    make(home / "checklists")
    usable = "marketing-to-sales" if own_id != "relay" else "sales-to-onboarding"
    made = baton(home, "new", usable, "--to", "ben", "--title", "abc def")
    assert made.exit_code == 0, made.output
    assert name not in made.stderr  # nothing said of a file the command did not ask for
    assert baton(home, "templates", "show", "marketing-to-sales").exit_code == 0
    refused = baton(home, "new", own_id, "--to", "ben", "--title", "abc def")
    assert refused.exit_code == 1
    [line] = refused.stderr.splitlines()  # the broken file's own id: its reason, in one line
    assert name in line and "cannot be used" in line and words in line, line


def test_list_shows_the_usable_ones_then_every_broken_file(home):
    for make, _, _ in BREAKAGES.values():
        make(home / "checklists")
    listed = baton(home, "templates", "list")
    assert listed.exit_code == 0
    ids = [line.split()[0] for line in listed.stdout.splitlines()[1:]]
    assert "marketing-to-sales" in ids and "t-bad" not in ids
    assert "sales-to-onboarding" not in ids and "relay" not in ids  # held back: which one the file meant is unknown
    said = listed.stderr.splitlines()
    assert len(said) == len(BREAKAGES)  # every one in one run, one line each
    for line, name in zip(said, sorted(BREAKAGES), strict=True):
        assert line.startswith("baton: skipped ") and name in line and BREAKAGES[name][1] in line, line


def test_a_typo_of_a_held_back_id_names_it(home):
    _builtin_id(home / "checklists")
    result = baton(home, "new", "sales-to-onbording", "--to", "ben", "--title", "abc def")
    assert "did you mean `sales-to-onboarding`" in result.stderr


def test_a_file_with_many_problems_is_one_line_in_the_list(home):
    items = "".join(f'[[items]]\nid = "i{n}"\ntext = "x"\nwhy = "Needed."\n\n' for n in range(500))
    head = RELAY_TOML.split("[[items]]")[0].replace('id = "relay"', 'id = "many"')
    write_relay(home / "checklists", head + items, name="many.toml")
    listed = baton(home, "templates", "list")
    [line] = listed.stderr.splitlines()
    assert "and 499 more problems" in line and len(line) < 400
    assert Catalog(home / "checklists").skipped[0].claims == "many"

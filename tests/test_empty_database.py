"""A zero-byte (or table-less) baton.db in a home is refused as damaged, never used as a blank copy.

It was: `list` said "database error: no such table", `new` succeeded, and the next sync wrote segment
000001 again with other content, a permanent alarm on every teammate. Now every command says the one
line a damaged database gets, and the file is left as it was."""

from __future__ import annotations

import pytest
from cli_support import started
from conftest import run, run_process

WORDS = "is damaged or not baton's (it holds no tables: an empty file, not this home's records): move it aside"


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "--all", "--json"),
        ("new", "relay", "--title", "After damage", "--to", "ben"),
        ("sync",),
        ("report",),
        ("show", "abc"),
    ],
)
def test_an_empty_database_is_refused_in_one_line_and_left_as_it_was(tmp_path, args):
    home = tmp_path / "home"
    started(home)
    for suffix in ("", "-wal", "-shm"):
        (home / f"baton.db{suffix}").unlink(missing_ok=True)
    (home / "baton.db").write_bytes(b"")
    result = run(*args, home=home)
    assert result.returncode == 1, (args, result.stdout, result.stderr)
    [line] = result.stderr.splitlines()
    assert (
        line == f"baton: the database {home / 'baton.db'} {WORDS} (to baton.db.damaged) and run `baton sync`, "
        "which brings back everything you and your team sent to the shared folder"
    ), line
    assert (home / "baton.db").read_bytes() == b"" and not (home / "baton.db-wal").exists()


def test_a_process_meeting_an_empty_database_says_so(tmp_path):
    home = tmp_path / "home"
    started(home)
    (home / "baton.db").write_bytes(b"")
    result = run_process("new", "relay", "--title", "After damage", "--to", "ben", home=home)
    assert result.returncode == 1 and WORDS in result.stderr and len(result.stderr.splitlines()) == 1
    assert (home / "baton.db").read_bytes() == b""

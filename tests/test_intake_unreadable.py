"""`baton new --from-json FILE` that cannot be read says so in one line, exit 1, nothing created.

A binary file gave "unexpected error: UnicodeDecodeError: …", a folder "Is a directory: /tmp", a
missing file "No such file or directory: …": Python's words, not the ones the checklist commands use."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import started
from conftest import dump, run


def missing(folder: Path) -> Path:
    return folder / "missing.json"


def binary(folder: Path) -> Path:
    path = folder / "photo.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (missing, "cannot read: no such file or directory"),
        (lambda folder: folder, "cannot read: it is a folder, not a file"),
        (binary, "cannot read: not UTF-8 text"),
    ],
    ids=["missing", "folder", "binary"],
)
def test_an_unreadable_request_is_one_line_and_creates_nothing(tmp_path, make, words):
    home = tmp_path / "home"
    started(home)
    folder = tmp_path / "in"
    folder.mkdir()
    source = make(folder)
    before = dump(home)
    result = run("new", "--from-json", source, home=home)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stderr.strip() == f"baton: {source}: {words}"
    assert result.stdout == "" and dump(home) == before

"""`baton new --from-json` reads a bounded request, from a regular file or stdin, nested a few levels at most.

`/dev/zero` or an endless pipe grew the process without limit; a FIFO named as the file waited for ever;
JSON nested 100,000 levels deep was "unexpected error: RecursionError". Each is one line, exit 1, nothing
created."""

from __future__ import annotations

import os
import subprocess

import pytest
from cli_support import started
from conftest import BATON, dump, run

from baton.core.intake import MAX_REQUEST

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_VALUE = '{"template": "relay", "title": "Deep one", "values": {"seats": ' + DEEP + "}}"


def _refused(home, result, words: str, before) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    [line] = result.stderr.splitlines()
    assert line.startswith("baton: ") and words in line, line
    assert result.stdout == "" and dump(home) == before


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp: os.mkfifo(tmp / "in.json") or tmp / "in.json", "it is a FIFO, not a file (give a pipe as stdin"),
        (lambda tmp: os.symlink("/dev/zero", tmp / "in.json") or tmp / "in.json", "it is a device, not a file"),
        (lambda tmp: "/dev/zero", "it is a device, not a file"),
        (
            lambda tmp: (tmp / "in.json").write_text(" " * (MAX_REQUEST + 1)) and tmp / "in.json",
            "larger than a request",
        ),
        (lambda tmp: (tmp / "in.json").write_text(DEEP) and tmp / "in.json", "nested more than 32 levels deep"),
    ],
    ids=["fifo", "link-to-dev-zero", "dev-zero", "too-large", "deep"],
)
def test_a_request_file_that_is_no_bounded_file_is_one_line(tmp_path, make, words):
    home = tmp_path / "home"
    started(home)
    source = make(tmp_path)
    before = dump(home)
    _refused(home, run("new", "--from-json", source, home=home), words, before)


@pytest.mark.parametrize(
    ("given", "words"),
    [(" " * (MAX_REQUEST + 1), "larger than a request may be"), (DEEP_VALUE, "nested more than 32 levels deep")],
    ids=["endless", "deep"],
)
def test_stdin_is_read_bounded_and_shallow(tmp_path, given, words):
    home = tmp_path / "home"
    started(home)
    before = dump(home)
    _refused(home, run("new", "--from-json", "-", home=home, input=given), words, before)


def test_a_process_given_dev_zero_as_stdin_or_file_refuses_and_ends(tmp_path):
    home = tmp_path / "home"
    started(home)
    before = dump(home)
    env = {**os.environ, "BATON_HOME": str(home)}
    with open("/dev/zero", "rb") as zero:
        piped = subprocess.run(
            [str(BATON), "new", "--from-json", "-"], stdin=zero, env=env, capture_output=True, text=True, timeout=120
        )
    _refused(home, piped, "stdin: cannot read: larger than a request may be", before)
    named = subprocess.run(
        [str(BATON), "new", "--from-json", "/dev/zero"], env=env, capture_output=True, text=True, timeout=120
    )
    _refused(home, named, "/dev/zero: cannot read: it is a device, not a file", before)


def test_a_request_within_the_bound_is_taken(tmp_path):
    home = tmp_path / "home"
    started(home)
    request = tmp_path / "in.json"
    request.write_text('{"template": "relay", "title": "Globex rollout", "to": "ben"}')
    made = run("new", "--from-json", request, home=home)
    assert made.returncode == 0, made.stderr

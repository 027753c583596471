"""A newcomer's walk: the README's two-minute walkthrough, command by command, on a fresh home.

Each line runs as written (the example id `3f9a` becomes the real one); a line whose
comment says "exit N" must exit N, every other line must exit 0, and none may print a traceback.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import run

from baton.core.team.checklists import builtin_checklists


@pytest.fixture(autouse=True)
def forget_builtin_checklists():
    """Each command here runs in this process: forget the built-ins it read, as a new process would."""
    yield
    builtin_checklists.cache_clear()


README = Path(__file__).parent.parent / "README.md"


def walkthrough() -> list[tuple[list[str], str]]:
    text = README.read_text(encoding="utf-8")
    block = text.split("## Two-minute walkthrough", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    steps = []
    for line in block.splitlines():
        command, _, comment = line.partition("#")
        words = shlex.split(command)
        if words and words[0] == "baton":
            steps.append((words[1:], comment.strip()))
    return steps


def expected_exit(comment: str) -> int:
    said = re.search(r"\bexit (\d)\b", comment)
    return int(said.group(1)) if said else 0


def test_the_walkthrough_runs_as_written_on_a_fresh_home(tmp_path):
    home = tmp_path / "try-home"
    steps = walkthrough()
    assert [args[0] for args, _ in steps][:3] == ["init", "templates", "templates"]
    handoff = None
    for args, comment in steps:
        if handoff:
            args = [handoff[:4] if a == "3f9a" else a for a in args]
        result = run(*args, home=home)
        assert "Traceback" not in result.stderr, (args, result.stderr)
        assert result.returncode == expected_exit(comment), (args, comment, result.stdout, result.stderr)
        if args[0] == "new":
            handoff = result.stdout.strip()
            assert re.fullmatch(r"[0-9a-f]{32}", handoff)
        if args[0] == "undo":
            assert (
                '"Client has been told who their onboarding contact is and when they will hear from them" is empty again'
                in result.stdout
            ), result.stdout


def test_a_reader_that_stops_early_gets_no_error_line(tmp_path):
    """`baton list | head -1`: the pipe closes before baton is done writing; that is no failure to report."""
    import os
    import subprocess

    from conftest import BATON

    home = tmp_path / "home"
    assert run("init", "--user", "ana", "--tz", "UTC", home=home).returncode == 0
    for title in ("Acme deal", "Globex deal"):
        assert run("new", "sales-to-onboarding", "--title", title, "--to", "ben", home=home).returncode == 0
    for args in (["list", "--all"], ["team"], ["templates", "list"], ["report"]):
        env = {**os.environ, "BATON_HOME": str(home)}
        process = subprocess.Popen([str(BATON), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before the first line is written
        said = process.stderr.read().decode()
        process.wait(timeout=60)
        process.stderr.close()
        assert said == "", (args, said)

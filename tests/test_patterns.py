"""Patterns from files teammates share run in linear time, the same on every replica; what RE2 cannot run is refused
at load with one line.

A checklist item's `pattern` and the answer checks' patterns come from TOML files that
may be a teammate's. `(a+)+$` against a long answer backtracks for hours in Python's
`re`: each test that meets one runs in a child process with a generous limit, so a
regression fails instead of hanging the suite.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest
from conftest import RELAY_TOML, run, write_relay
from hypothesis import given
from hypothesis import strategies as st

from baton.core.answer_rules import FILE_NAME, load_answer_checks
from baton.core.patterns import PatternError, compile_pattern, pattern_problem
from baton.core.template import Item
from baton.core.values import problem

EVIL = ["(a+)+$", "(a|aa)+$", "(a|a)*$", "^(a*)*b$", "(.*a){20}$"]
"""Patterns that take exponential time in a backtracking engine."""


def in_a_child(code: str) -> str:
    """Run `code` in a fresh interpreter; a hang (the bug this guards against) fails the test at the limit."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("pattern", EVIL)
def test_a_backtracking_pattern_judges_a_long_answer_at_once(pattern):
    said = in_a_child(
        f"""
        from baton.core.template import Item
        from baton.core.values import problem
        item = Item(id="code", text="Code", why="x", kind="text", pattern={pattern!r})
        print(problem(item, "a" * 50_000 + "!"))
        """
    )
    assert said.startswith("does not match the expected form")


def test_a_backtracking_answer_check_judges_a_long_answer_at_once(tmp_path):
    (tmp_path / FILE_NAME).write_text(
        '[[checks]]\nname = "slow"\ntest = "placeholder"\nreason = "r {found}"\nfix = "fix it"\n'
        "patterns = ['(a|aa)+$', '^(\\w+\\s?)*$']\n",
        encoding="utf-8",
    )
    said = in_a_child(
        f"""
        from pathlib import Path
        from baton.core.answer_rules import load_answer_checks
        from baton.core.template import Item
        checks = load_answer_checks(Path({str(tmp_path)!r}))
        item = Item(id="goals", text="Goals", why="x", kind="text")
        print(checks.problems, [f.check for f in checks.item(item, "a" * 30_000 + "!")])
        print([f.check for f in checks.item(item, "word " * 5_000 + "!")])
        """
    )
    assert said.splitlines() == ["() []", "[]"]


@pytest.mark.parametrize(
    "pattern, says",
    [
        (r"(a)\1", "invalid escape sequence"),
        (r"ACM(?=-)", "invalid perl operator"),
        (r"(?<!x)ACM", "invalid perl operator"),
        (r"ACM\Z", "invalid escape sequence"),
        ("(", "missing )"),
    ],
)
def test_a_pattern_re2_cannot_run_is_refused_at_load_with_one_line(home, pattern, says):
    path = write_relay(home, RELAY_TOML.replace('pattern = "[A-Z]{3}-[0-9]+"', f"pattern = '{pattern}'"))
    result = run("templates", "validate", path, home=home)
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert says in line and "no back-references or look-around" in line
    assert says in (pattern_problem(pattern) or "")


def test_an_answer_check_re2_cannot_run_is_one_line_and_the_built_ins_still_apply(tmp_path):
    (tmp_path / FILE_NAME).write_text(
        '[[checks]]\nname = "x"\ntest = "pointer"\nreason = "why"\nfix = "fix it"\npatterns = [\'(see)\\s+\\1\']\n',
        encoding="utf-8",
    )
    checks = load_answer_checks(tmp_path)
    [line] = checks.problems
    assert "\n" not in line and "invalid escape sequence" in line and "built-in" in line
    item = Item(id="goals", text="Goals", why="x", kind="text")
    assert [f.check for f in checks.item(item, "TBD")] == ["placeholder"]


def test_a_stored_pattern_re2_cannot_run_is_a_clear_problem_not_a_failure():
    """A checklist kept from before patterns were checked: its item cannot be judged, so it blocks, everywhere."""
    item = Item(id="code", text="Code", why="x", kind="text", pattern=r"(\w)\1")
    said = problem(item, "aa")
    assert said is not None and said.startswith("cannot be judged: the checklist's pattern")


def test_compiling_is_done_once_per_pattern():
    assert compile_pattern("[A-Z]+-\\d+") is compile_pattern("[A-Z]+-\\d+")
    with pytest.raises(PatternError):
        compile_pattern("(?=x)")


PIECES = st.sampled_from(["a", "b", "-", "[ab]", "[^a]", "\\d", ".", "(a|b)", "(ab)", "(x)"])
QUANTIFIERS = st.sampled_from(["", "*", "+", "?", "{1,2}", "{2}"])
SIMPLE = st.lists(st.tuples(PIECES, QUANTIFIERS).map("".join), min_size=1, max_size=6).map("".join)


@given(st.one_of(SIMPLE, st.tuples(SIMPLE, SIMPLE).map("|".join)), st.text(alphabet="ab1-x", max_size=12))
def test_re2_agrees_with_python_on_the_patterns_checklists_use(pattern, text):
    """The patterns a checklist has (ASCII forms: codes, ids) mean what they meant under Python's `re`."""
    assert (compile_pattern(pattern).fullmatch(text) is None) == (re.fullmatch(pattern, text) is None)
    assert (compile_pattern(pattern, True).search(text.upper()) is None) == (
        re.search(pattern, text.upper(), re.IGNORECASE) is None
    )


def test_every_built_in_pattern_runs_under_re2():
    from importlib import resources

    from baton.core.answer_rules import builtin_rules

    assert builtin_rules().checks  # each compiled through compile_pattern, or loading would have failed
    files = [f for f in resources.files("baton.checklists").iterdir() if f.name.endswith(".toml")]
    assert len(files) >= 8
    for file in files:
        for pattern in re.findall(r"^pattern = '(.*)'$", file.read_text(encoding="utf-8"), re.M):
            assert pattern_problem(pattern) is None, (file.name, pattern)

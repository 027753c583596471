"""Vague-answer warnings as the command line shows them: `show`, `send` and `brief`.

The checks are core's (answer_warnings.py); this only reads them for the viewer
and says, once per command, when the team's `answer-checks.toml` could not be used.
"""

from __future__ import annotations

from typing import Any

from baton.tui.cli.base import say


def read_warnings(replica: Any, state: Any) -> list[Any]:
    """The vague answers on `state` by the viewer's checks; a broken team file is one line on stderr."""
    checks = replica.answer_checks()
    for problem in checks.problems:
        say(f"baton: {problem}", err=True)
    return replica.warnings(state)


def warning_lines(findings: list[Any], indent: str = "  ") -> list[str]:
    return [f"{indent}! {f.line()}" for f in findings]

"""Regular expressions that come from files teammates share, compiled in this one place and run in linear time.

A checklist item's `pattern` and the answer checks' `patterns` and `items` come from
TOML files that may be a teammate's (a checklist published through the shared folder,
a team's `answer-checks.toml`). Python's `re` backtracks: a crafted pattern such as
`(a+)+$` against a long answer runs for hours, and every replica that folds the
handoff would hang on it.

They are run by RE2 (the `google-re2` package, Google's own binding), whose matching
time grows linearly with the text whatever the pattern. Chosen over the two other
ways out:
- the `regex` package's `timeout=`: the same answer would pass on a fast machine and
  time out on a slow one, so two replicas could fold the same events differently;
- refusing nested quantifiers at load: a hand-written judgement of which patterns
  backtrack, which misses cases (`(a|a)*$`, `(a|aa)+$`) or refuses harmless ones.
RE2 is deterministic: the same pattern and text give the same answer everywhere.

What RE2 does not run (back-references like `\\1`, look-around like `(?=...)`, `\\Z`)
is refused when the file is loaded, with one line saying which pattern and why. Its
`\\d`, `\\w` and `\\b` are ASCII (a ticket number's digits are ASCII anyway).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol, cast

import re2

MAX_MEMORY = 8 << 20
"""Bytes one compiled pattern may use (RE2's default, fixed here so every replica refuses the same ones)."""


class PatternError(ValueError):
    """A pattern RE2 cannot run; the message names the pattern and says why."""


class Match(Protocol):
    def group(self, index: int = 0, /) -> str: ...


class Pattern(Protocol):
    """The part of a compiled pattern baton uses (`re.Pattern` has the same methods)."""

    def search(self, text: str, /) -> Match | None: ...

    def fullmatch(self, text: str, /) -> Match | None: ...

    def sub(self, replacement: str, text: str, /) -> str: ...


@lru_cache(maxsize=2048)
def compile_pattern(text: str, ignore_case: bool = False) -> Pattern:
    """`text` compiled for RE2; PatternError when RE2 cannot run it. Compiled once per pattern and case rule."""
    options = re2.Options()
    options.log_errors = False  # the refusal is our one line, not RE2's log on stderr
    options.case_sensitive = not ignore_case
    options.max_mem = MAX_MEMORY
    try:
        return cast(Pattern, re2.compile(text, options))
    except re2.error as exc:
        detail = exc.args[0] if exc.args else ""
        detail = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        raise PatternError(
            f"pattern {text!r} does not compile: {detail or 'RE2 refused it'} "
            "(patterns run in linear time: no back-references or look-around)"
        ) from None


def pattern_problem(text: str, ignore_case: bool = False) -> str | None:
    """Why `text` cannot be used as a pattern, or None when it can."""
    try:
        compile_pattern(text, ignore_case)
    except PatternError as exc:
        return str(exc)
    return None

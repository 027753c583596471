"""Where the answer checks come from: the built-in list, this person's file, and (later) a lead's.

The checks are data, so a team can tune them without a release:

- the built-in list, `answer_checks.toml`, shipped with baton;
- this person's file, `$BATON_HOME/answer-checks.toml`, in the same shape: its
  `[[checks]]` are added (one with a built-in's name replaces it) and its
  `off = ["name", ...]` turns built-ins off. A file that cannot be used gives one
  clear line (`AnswerChecks.problems`) and the built-ins still apply;
- once the team roster exists, a file a lead publishes joins as one more source
  (`published` below), between the built-ins and the home file.

Warnings use all of them. The gate (`vague = "block"`) uses only what every
replica holds alike (the built-ins, later the published file): a file in one
person's home must not decide whether a send is valid on another's.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .answer_checks import DEFAULT_KINDS, AnswerChecks, Check, normal
from .patterns import compile_pattern
from .record import field, record
from .regular_file import NotAFile, read_settings

FILE_NAME = "answer-checks.toml"
BUILTIN = Path(__file__).with_name("answer_checks.toml")
"""The shipped checks."""


@record(frozen=True)
class Rule:
    """One answer check as written in a TOML file (checked against answer_rule_schema.py on the way in)."""

    name: str
    """Stable name, shown with each warning and counted in `baton report`."""
    test: str
    """What the engine looks at (see answer_checks.py)."""
    reason: str
    """Why the answer is vague, in plain words; `{found}` and `{other}` are filled in."""
    fix: str
    """What the sender should write instead."""
    kinds: list[str] | None = None
    """Item kinds the check applies to; text (date for past-date) when not given."""
    items: str | None = None
    """A regular expression an item's text must contain for the check to apply."""
    skip_items: str | None = None
    """A regular expression that, found in an item's text, keeps the check off that item."""
    words: list[str] = field(default_factory=list)
    """Whole answers that are vague (placeholder, no-people)."""
    patterns: list[str] = field(default_factory=list)
    """Regular expressions searched in the answer (placeholder, pointer); case is ignored."""
    hosts: list[str] = field(default_factory=list)
    """Chat and mail hosts whose links are not an answer (permalink)."""
    most_words: int = 6
    """A placeholder's or pointer's pattern, or a link, counts only when at most this many other words come with it."""
    min_length: int = 20
    """Shortest text compared (duplicate) or example copied (echo)."""

    def compiled(self) -> Check:
        return Check(
            name=self.name,
            test=self.test,
            reason=self.reason,
            fix=self.fix,
            kinds=frozenset(self.kinds) if self.kinds else DEFAULT_KINDS.get(self.test, frozenset({"text"})),
            items=compile_pattern(self.items, ignore_case=True) if self.items else None,
            skip_items=compile_pattern(self.skip_items, ignore_case=True) if self.skip_items else None,
            words=frozenset(normal(w) for w in self.words),
            patterns=tuple(compile_pattern(p, ignore_case=True) for p in self.patterns),
            hosts=tuple(h.lower().lstrip(".") for h in self.hosts),
            most_words=self.most_words,
            min_length=self.min_length,
        )


@record(frozen=True)
class RuleFile:
    """A file of answer checks: checks to add or replace, built-ins to turn off."""

    checks: tuple[Rule, ...] = ()
    """Checks to add; one named like an earlier one replaces it."""
    off: tuple[str, ...] = ()
    """Names of earlier checks to turn off."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleFile:
        """A file from data already checked against the schema (or shipped with baton and tested against it)."""
        return cls(tuple(Rule(**rule) for rule in data.get("checks", [])), tuple(data.get("off", [])))


class RuleFileError(Exception):
    """A rule file that cannot be used; the message is one line naming the file and the first problem."""


def parse_rules(text: str, source: str) -> RuleFile:
    """Validate one TOML text of answer checks; RuleFileError (one line) when it cannot be used."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{source} is not valid TOML: {exc}; using the built-in checks without it") from None
    from .answer_rule_schema import validate_rules

    return validate_rules(data, source)


def merge(files: Sequence[RuleFile]) -> tuple[Check, ...]:
    """The checks of these files in order: later files add, replace by name, and turn off."""
    rules: dict[str, Rule] = {}
    for file in files:
        for name in file.off:
            rules.pop(name, None)
        for rule in file.checks:
            rules[rule.name] = rule
    return tuple(rule.compiled() for rule in rules.values())


@cache
def builtin_rules() -> RuleFile:
    """The shipped checks, alike on every replica, read without the schema (test_answer_checks.py holds them to it).

    The file sits beside this module (package data); read as a plain path, since importlib.resources
    alone costs `show` more than reading it, and parsed once per version of the file into the home
    (answer_checks_cache.py).
    """
    from .answer_checks_cache import parsed
    from .home import Home

    try:
        folder: Path | None = Home.locate().root
    except Exception:  # no home to keep it in: the file is parsed every time
        folder = None
    return RuleFile.from_dict(parsed(BUILTIN, folder if folder is not None and folder.is_dir() else None))


@cache
def gate_checks() -> AnswerChecks:
    """The checks the gate enforces on `vague = "block"` items: the same on every replica."""
    return AnswerChecks(merge([builtin_rules()]))


def load_answer_checks(home_root: Path | None, published: Sequence[RuleFile] = ()) -> AnswerChecks:
    """The checks warnings use: built-ins, then `published` (a lead's, once the roster exists), then the home's file.

    A home file that cannot be read or used is left out, and `problems` says why in one line.
    """
    files = [builtin_rules(), *published]
    problems: list[str] = []
    path = home_root / FILE_NAME if home_root is not None else None
    if path is not None and path.exists():
        try:
            files.append(parse_rules(read_settings(path), str(path)))
        except RuleFileError as exc:
            problems.append(str(exc))
        except (OSError, UnicodeDecodeError, NotAFile) as exc:
            problems.append(f"cannot read {path}: {exc}; using the built-in checks without it")
    return AnswerChecks(merge(files), tuple(problems))

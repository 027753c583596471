"""The schema an answer-check file must meet, as pydantic models (loaded only to check a team's file)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .answer_rules import RuleFile, RuleFileError
from .patterns import pattern_problem

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

Test = Literal["placeholder", "pointer", "permalink", "echo", "past-date", "duplicate", "no-people"]
Kind = Literal["check", "text", "date", "url", "number", "choice"]


def _compiles(pattern: str) -> str:
    problem = pattern_problem(pattern, ignore_case=True)
    if problem:
        raise ValueError(problem)
    return pattern


class RuleSchema(BaseModel):
    """One answer check as written in a TOML file."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    """Stable name, shown with each warning and counted in `baton report`."""
    test: Test
    """What the engine looks at (see answer_checks.py)."""
    reason: Annotated[str, Field(min_length=3)]
    """Why the answer is vague, in plain words; `{found}` and `{other}` are filled in."""
    fix: Annotated[str, Field(min_length=3)]
    """What the sender should write instead."""
    kinds: list[Kind] | None = None
    """Item kinds the check applies to; text (date for past-date) when not given."""
    items: str | None = None
    """A regular expression an item's text must contain for the check to apply."""
    skip_items: str | None = None
    """A regular expression that, found in an item's text, keeps the check off that item."""
    words: list[str] = []
    """Whole answers that are vague (placeholder, no-people)."""
    patterns: list[str] = []
    """Regular expressions searched in the answer (placeholder, pointer); case is ignored."""
    hosts: list[str] = []
    """Chat and mail hosts whose links are not an answer (permalink)."""
    most_words: Annotated[int, Field(ge=0)] = 6
    """A placeholder's or pointer's pattern, or a link, counts only when at most this many other words come with it."""
    min_length: Annotated[int, Field(ge=1)] = 20
    """Shortest text compared (duplicate) or example copied (echo)."""

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        return [_compiles(p) for p in value]

    @field_validator("items", "skip_items")
    @classmethod
    def _items_compiles(cls, value: str | None) -> str | None:
        return None if value is None else _compiles(value)


class RuleFileSchema(BaseModel):
    """A file of answer checks: checks to add or replace, built-ins to turn off."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    checks: list[RuleSchema] = []
    """Checks to add; one named like an earlier one replaces it."""
    off: list[str] = []
    """Names of earlier checks to turn off."""


def validate_rules(data: Any, source: str) -> RuleFile:
    """The checks of a parsed TOML file; RuleFileError (one line) naming its first problem."""
    try:
        return RuleFile.from_dict(RuleFileSchema.model_validate(data).model_dump())
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in first["loc"])
        raise RuleFileError(
            f"{source}: {where}: {_in_words(first)}{_more(exc)}; using the built-in checks without it"
        ) from None


def _in_words(error: ErrorDetails) -> str:
    """One pydantic error as a sentence for a person writing TOML (schema_words.py, as for checklists)."""
    from .schema_words import in_words, shown

    if error["type"] == "literal_error":
        return f"unknown value {shown(error.get('input'))}; use {error.get('ctx', {}).get('expected', '')}"
    fields = [p for p in error["loc"] if isinstance(p, str)]
    model = RuleSchema if fields[:1] == ["checks"] and len(fields) > 1 else RuleFileSchema
    return in_words(error, fields[-1] if fields else "", list(model.model_fields))


def _more(exc: ValidationError) -> str:
    return f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""

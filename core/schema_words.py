"""What is wrong with a checklist, in the product's words rather than pydantic's.

The schema (template_schema.py) says "String should match pattern '^[a-z0-9][a-z0-9_-]*$'"
or "Input should be greater than 0": true, but a person writing TOML needs to hear what an
id looks like, or that the window must be more than 0 hours. Each common kind of error gets a
sentence here; a rare one keeps pydantic's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .template import IDENT, stage_problem

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

UNION_TAGS = {"str", "int", "float", "bool"}
"""What pydantic adds to the place of an error in `when.equals` (text, a number or true/false) for each type it
tried: the place is the field, the error one."""

_TYPES = {
    "string_type": "text (in quotes)",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": 'a list, like ["a", "b"]',
    "dict_type": "a table of fields",
    "model_type": "a table of fields",
    "model_attributes_type": "a table of fields",
}
"""The type an error of each kind wanted, as TOML names it."""


def shown(value: Any) -> str:
    """A value from the file as it reads there, cut short: a message stays one line."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def toml_kind(value: Any) -> str:
    """What TOML calls the kind of `value` (for "should be text, not a number")."""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {shown(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date" if hasattr(value, "isoformat") else f"{type(value).__name__}"


def _pattern(error: ErrorDetails, field: str) -> str:
    value = error.get("input")
    if field in ("from_stage", "to_stage"):
        return stage_problem(value) or "is not a stage name"
    if error.get("ctx", {}).get("pattern") != IDENT:  # `carry_from`, the only other pattern
        return f"{shown(value)} is not `checklist-id:item-id` (e.g. `sales-to-onboarding:seats`)"
    what = "a checklist id" if field == "next" else "an id"
    return f"{shown(value)} is not {what}: use lowercase letters, digits, '-' or '_', starting with a letter or digit"


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def in_words(error: ErrorDetails, field: str, known_fields: list[str]) -> str:
    """One pydantic error as a sentence about `field` (the last named part of its place; "" for the whole)."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "is missing"
    if kind == "extra_forbidden":
        from .near_miss import did_you_mean

        return f"is not a known field{did_you_mean(field, known_fields)}"
    if kind == "string_pattern_mismatch":
        return _pattern(error, field)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()), 0)
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)  # `more than 0`, not `0.0`
        words = {"greater_than": "more than", "greater_than_equal": "at least", "less_than": "less than"}
        return f"must be {words.get(kind, 'at most')} {limit:,}, not {shown(value)}"
    if kind == "string_too_short":
        have = len(value) if isinstance(value, str) else 0
        return f"needs at least {_count(ctx.get('min_length', 1), 'character')} (it has {have})"
    if kind == "string_too_long":
        return f"may have at most {_count(ctx.get('max_length', 0), 'character')}"
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length" if kind == "too_short" else "max_length", 0)
        what = "item" if field == "items" else "entry"
        return f"needs at least {_count(bound, what)}" if kind == "too_short" else f"may have at most {bound:,}"
    if kind == "finite_number":
        return "must be a finite number"
    if kind in _TYPES:
        return f"should be {_TYPES[kind]}, not {toml_kind(value)}"
    return str(error["msg"]).removeprefix("Value error, ")

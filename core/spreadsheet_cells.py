"""Spreadsheet-safe cells: a CSV cell a spreadsheet would run as a formula is written as text.

Titles, answers, reasons and comments are teammates' text, and a spreadsheet that
opens an export runs a cell beginning with `=`, `+`, `-` or `@` (and one beginning
with a tab or a carriage return, which some read past) as a formula: a title such as
`=HYPERLINK("http://x")` would become a live link. Such a cell is prefixed with a single
quote (the OWASP advice for CSV injection), which spreadsheets show as text. A plain
negative number (`-12`, `-0.5`) cannot be a formula and is left as it is, so numbers
still read as numbers. JSON is for scripts and stays exact.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula."""

PLAIN_NUMBER = re.compile(r"-\d+(\.\d+)?([eE][+-]?\d+)?")
"""A negative number as `baton` writes it: a value, not a formula."""


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula (a plain negative number is not one)."""
    return text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text)


def safe_cell(value: Any) -> Any:
    """`value` as a CSV cell a spreadsheet shows as written: formula-looking text gets a leading `'`."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value

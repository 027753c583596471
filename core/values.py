"""Item values: reading what a person typed, and saying what is wrong with a value.

`parse` turns input into the stored value and refuses what is not of the item's
kind at all (a date that is no date). `problem` says why a stored value does not
yet satisfy the item (too short, out of range): the gate reports those, so a
sender can save work in progress.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from .errors import InvalidValue
from .record import asdict

if TYPE_CHECKING:
    from .template import Item

TRUE_WORDS = {"", "true", "yes", "y", "1", "x", "done", "on"}
FALSE_WORDS = {"false", "no", "n", "0", "off", "undone"}


DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only: a full-width date is not in the form
PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def parse_date(text: str) -> date | None:
    text = text.strip()
    if not DATE_FORM.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def date_problem(text: str) -> str | None:
    """Why `text` is not a date: the wrong form, or a day the calendar does not have. None when it is one."""
    text = text.strip()
    if not DATE_FORM.fullmatch(text):
        return "not in the form YYYY-MM-DD"
    try:
        date.fromisoformat(text)
    except ValueError:
        year, month, day = text.split("-")
        if not 1 <= int(month) <= 12:
            return f"not a day on the calendar: there is no month {month}"
        return f"not a day on the calendar: {year}-{month} has no day {day}"
    return None


def url_problem(text: str) -> str | None:
    text = text.strip()
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https"):
        return "not a web address (it should start with https://)"
    if not parsed.netloc:  # `https://` alone, or `https:/host`: the address names no site
        return "not a web address: it names no site after https:// (like https://crm.example.com/deals/981)"
    if any(char.isspace() for char in text):
        return "not a web address: it has a space in it (write a space as %20)"
    return None


def typed_url_problem(text: str) -> str | None:
    """`url_problem`, and what a person typing or pasting an address is told besides: a control character, or a
    site's name that mixes alphabets. Asked where a value is entered, not by the gate: Unicode's tables differ
    between library versions, and every copy's fold must judge a send alike (core/team/look_alike.py, likewise)."""
    found = url_problem(text)
    if found is not None:
        return found
    text = text.strip()
    from .terminal_text import has_control

    if has_control(text):  # an escape sequence would act on every terminal the address is shown in
        return "not a web address: it holds a control character (copy the address from the browser's bar)"
    site = urlparse(text).hostname or ""
    if not site.isascii():
        from confusable_homoglyphs.confusables import is_mixed_script

        mixed = next((label for label in site.split(".") if is_mixed_script(label, allowed_aliases=["COMMON"])), None)
        if mixed is not None:  # "ехample" with Cyrillic е and х reads as example.com and leads elsewhere
            return (
                f"not a web address to trust: the site's name {mixed!r} mixes alphabets, as a look-alike of "
                "another site's does (copy the address from the browser's bar)"
            )
    return None


def parse_number(text: str) -> float | int | None:
    """The number `text` plainly says, or None: no separators, no other digits than 0-9, nothing rounded away."""
    text = text.strip()
    if not PLAIN_NUMBER.fullmatch(text):
        return None
    number = float(text)
    if not math.isfinite(number):
        return None
    kept = int(number) if number.is_integer() and abs(number) < 2**53 else number
    if Decimal(format_number(kept)) != Decimal(text):
        return None  # more digits than a stored number keeps: saving it would change it
    return kept


def number_problem(text: str) -> str:
    """Why `text` is not a number, with how to write it."""
    text = text.strip()
    if "," in text:
        return "not a plain number: use a dot for decimals (1.5) and no thousands separators (1500)"
    if "_" in text or " " in text:
        return "not a plain number: write it without separators (1500)"
    if any(char.isdigit() and char not in "0123456789" for char in text):
        return "not a plain number: use the digits 0-9"
    if PLAIN_NUMBER.fullmatch(text):
        return _unkept(text)
    return "not a number"


EXACT_WHOLE = 2**53
"""Whole numbers up to this are kept exactly; a larger one only when it happens to be a stored number (1e22)."""
NEAREST_ZERO = "1e-307"
"""Numbers at least this far from zero are kept at full precision; closer ones keep fewer digits, or none."""


def _unkept(text: str) -> str:
    """Why a plainly written number is not kept as written (`parse_number` refused it): the true reason, as
    the digits typed say it (1e23 has one significant digit; it is too large to keep exactly)."""
    written = Decimal(text)
    digits = written.as_tuple().digits
    significant = len("".join(map(str, digits)).strip("0"))
    if significant > 15:
        return "not a number baton can keep exactly: use at most 15 significant digits"
    if written.copy_abs() >= EXACT_WHOLE:  # copy_abs: exact, where abs() would overflow at 1e999999999999
        return f"too large to keep exactly: use a number between -{EXACT_WHOLE:,} and {EXACT_WHOLE:,}"
    return f"too close to zero to keep: use 0, or a number no closer to zero than {NEAREST_ZERO}"


def parse(item: Item, raw: Any) -> Any:
    """The value to store for `raw` input; InvalidValue when it is not of the kind."""
    where = f"item `{item.id}`"
    if item.kind == "check":
        if raw is None or isinstance(raw, bool):
            return True if raw is None else raw
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise InvalidValue(f"{where} is a check: give no value, or yes/no")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise InvalidValue(f"{where} needs a value (use `clear` to empty it)")
    if isinstance(raw, bool):  # JSON's true/false, from --from-json: Python would spell it "True"
        raise InvalidValue(f"{where}: {'true' if raw else 'false'} is a yes/no, and only a check takes one")
    if not isinstance(raw, (str, int, float)):  # a JSON list or object: no value of any kind
        said = {"number": "a number", "date": "a date", "url": "a web address", "choice": "one of its choices"}
        raise InvalidValue(f"{where}: a list or an object is not {said.get(item.kind, 'text')}")
    text = str(raw).strip()
    from .event_check import MAX_TEXT  # what every teammate's import takes; imported here, as it imports this module

    if len(text) > MAX_TEXT:
        raise InvalidValue(f"{where} is too long: {len(text):,} characters, at most {MAX_TEXT:,}")
    if item.kind == "text":
        return text
    if item.kind == "date":
        wrong = date_problem(text)
        if wrong:
            raise InvalidValue(f"{where}: {text!r} is {wrong}")
        return text
    if item.kind == "url":
        problem = typed_url_problem(text)
        if problem:
            raise InvalidValue(f"{where}: {text!r} is {problem}")
        return text
    if item.kind == "number":
        number = parse_number(text)
        if number is None:
            raise InvalidValue(f"{where}: {text!r} is {number_problem(text)}")
        if item.whole and not float(number).is_integer():
            raise InvalidValue(f"{where}: {text} is not a whole number")
        return number
    if item.kind == "choice":
        for choice in item.choices or []:
            if choice.lower() == text.lower():
                return choice
        raise InvalidValue(f"{where}: {text!r} is not one of: {', '.join(item.choices or [])}")
    raise InvalidValue(f"{where} has an unknown kind {item.kind!r}")


def problem(item: Item, value: Any) -> str | None:
    """Why `value` does not satisfy `item` yet, or None when it does."""
    if value is None:
        return "not checked" if item.kind == "check" else "missing"
    if item.kind == "check":
        return None if value is True else "not checked"
    if item.kind in ("text", "url", "date", "choice") and not isinstance(value, str):
        return f"not a {item.kind}"
    if item.kind == "text":
        if item.min_length and len(value) < item.min_length:
            return f"too short ({len(value)} of at least {item.min_length} characters)"
        if item.pattern:
            from .patterns import PatternError, compile_pattern  # RE2 loads for the first pattern, not for dates

            try:
                matched = compile_pattern(item.pattern).fullmatch(value)
            except PatternError as exc:  # a checklist from before patterns were checked for RE2
                return f"cannot be judged: the checklist's {exc}"
            if matched is None:
                return f"does not match the expected form {item.pattern}"
        return None
    if item.kind == "date":
        return None if parse_date(value) else "not a date (YYYY-MM-DD)"
    if item.kind == "url":
        return url_problem(value)
    if item.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "not a number"
        if item.whole and not float(value).is_integer():  # a value stored before the checklist said `whole`
            return "not a whole number"
        if item.min is not None and value < item.min:
            return f"below the minimum of {format_number(item.min)}"
        if item.max is not None and value > item.max:
            return f"above the maximum of {format_number(item.max)}"
        return None
    if item.kind == "choice":
        return None if value in (item.choices or []) else f"not one of: {', '.join(item.choices or [])}"
    return f"unknown kind {item.kind}"


def same_value(old: Any, new: Any) -> bool:
    """Whether storing `new` over `old` would change nothing (True is not 1; 40 is 40.0)."""
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    return bool(old == new)


def format_number(number: float | int) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def display(item: Item, value: Any) -> str:
    """A value as a person reads it."""
    if value is None:
        return ""
    if item.kind == "check":
        return "yes" if value is True else "no"
    if item.kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def rules(item: Item) -> dict[str, Any]:
    """What an answer must be, as data (for `show --json`: a script can fill a checklist from it)."""
    found: dict[str, Any] = {"kind": item.kind, "required": item.required}
    for key in ("min_length", "pattern", "choices", "min", "max", "hint"):
        value = getattr(item, key)
        if value is not None:
            found[key] = value
    if item.whole:
        found["whole"] = True
    if item.when is not None:
        found["when"] = {k: v for k, v in asdict(item.when).items() if v is not None}
    return found


def rules_line(item: Item, typed: str | None = None) -> str:
    """What an answer must be, in words, shown before anyone fails it; `typed` adds a live count."""
    parts: list[str] = []
    if item.kind == "text":
        if item.min_length:
            count = f" ({len(typed.strip())} so far)" if typed is not None else ""
            parts.append(f"at least {item.min_length} characters{count}")
        if item.pattern:
            parts.append(f"in the form {item.hint}" if item.hint else f"matching {item.pattern}")
    elif item.kind == "date":
        parts.append("a date, YYYY-MM-DD")
    elif item.kind == "url":
        parts.append("a web address starting with https://")
    elif item.kind == "number":
        noun = "a whole number" if item.whole else "a number"
        if item.min is not None and item.max is not None:
            parts.append(f"{noun} from {format_number(item.min)} to {format_number(item.max)}")
        elif item.min is not None:
            parts.append(f"{noun}, at least {format_number(item.min)}")
        elif item.max is not None:
            parts.append(f"{noun}, at most {format_number(item.max)}")
        else:
            parts.append(noun)
    elif item.kind == "choice":
        parts.append(f"one of: {', '.join(item.choices or [])}")
    return " · ".join(parts)

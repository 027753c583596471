"""Teammates' text made harmless to print in a terminal, at the moment it is printed.

Titles, comments, answers, reasons, names, checklist text and file names come from other
people's devices through the shared folder. Printed as they are, an escape sequence in
one of them could recolour or clear a teammate's terminal, move the cursor to forge a
line of output, set the window title or (on some terminals) write to the clipboard.

`harmless` is the one function every printer calls (the command line on every line it
writes, the app on every teammate's text it shows). It does not change stored data, and
`--json` output does not go through it (JSON escapes control characters itself). It
shows each control character as a visible escape (`\\x1b`, `\\r`), so the reader sees
that something odd was there, and keeps line breaks and tabs, which multi-line answers
and comments need. Bidirectional overrides, which reorder how a line reads, are shown
the same way; a lone surrogate (a file name that is not UTF-8) is shown as `?`.
"""

from __future__ import annotations

from functools import cache

_NAMED = {0x08: "\\b", 0x0B: "\\v", 0x0C: "\\f", 0x0D: "\\r"}
_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]


@cache
def _table() -> dict[int, str]:
    """What `harmless` writes for each character it changes (built on first need: most text needs none)."""
    table: dict[int, str] = {}
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        if code not in (0x09, 0x0A):  # tab and line break: multi-line text needs them
            table[code] = _NAMED.get(code, f"\\x{code:02x}")
    for code in _BIDI:
        table[code] = f"\\u{code:04x}"
    for code in range(0xD800, 0xE000):
        table[code] = "?"
    return table


@cache
def _one_line() -> dict[int, str]:
    return {**_table(), 0x0A: "\\n", 0x09: " "}


def _unchanged(text: str) -> bool:
    """True when the tables below change nothing in `text`: every character they change is one that is not
    printable, so text that is printable but for its line breaks and tabs (a whole page of output) is left as it
    is, found at C speed instead of translated character by character."""
    return text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()


def harmless(text: str) -> str:
    """`text` with every character a terminal would act on shown as a visible escape; line breaks and tabs kept."""
    if _unchanged(text):
        return text
    return text.replace("\r\n", "\n").translate(_table())


def harmless_line(text: str) -> str:
    """`harmless`, and a line break shown as `\\n` too: for a field that must stay on its line (a table cell)."""
    if text.isprintable():
        return text
    return text.replace("\r\n", "\n").translate(_one_line())


@cache
def _json() -> dict[int, str]:
    return {code: f"\\u{code:04x}" for code in [0x7F, *range(0x80, 0xA0), *_BIDI, *range(0xD800, 0xE000)]}


def harmless_json(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with the characters JSON leaves raw but a terminal acts on
    (DEL, the C1 controls, bidirectional overrides, lone surrogates) written as `\\u` escapes: the same values, exactly."""
    if _unchanged(text):
        return text
    return text.translate(_json())


@cache
def _pictures() -> dict[int, str]:
    return {
        **{code: chr(0x2400 + code) for code in range(0x00, 0x20) if code not in (0x09, 0x0A)},
        0x7F: "\u2421",
        **{code: "\ufffd" for code in [*range(0x80, 0xA0), *_BIDI, *range(0xD800, 0xE000)]},
    }


def harmless_in_place(text: str) -> str:
    """`text` with each character a terminal acts on replaced by one visible sign (ESC by ␛): the same length, so a
    field being edited keeps its cursor where it was. For text a person is editing, where an escape like `\\x1b`
    would change what they save."""
    if text.isprintable():
        return text
    return text.translate(_pictures())


def has_control(text: str) -> bool:
    """Whether `text` holds a character a terminal acts on, a line break or a tab included: a title or a name
    never needs one, so core refuses them there (multi-line answers and comments keep theirs)."""
    return not text.isprintable() and any(ord(c) in _one_line() for c in text)

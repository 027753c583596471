"""Output made to fit a terminal's width: a line that wraps at the terminal's edge reads badly, a table row that
wraps reads as two. Lines are broken at spaces under a hanging indent; tables lose their least useful column or
have their longest text cut, step by step, while they are too wide. Nothing here runs for a pipe or a file: they
get every line whole (`output.terminal_columns` says None for them).

Widths are counted in terminal cells (a CJK character takes two), the quick way for text that only has
one-cell characters (`NARROW`), with rich's count otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

NARROW = re.compile("[ -~\u00a0-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u2190-\u21ff]*")
"""Text of characters that each take one cell and combine with nothing (Latin, Greek, Cyrillic, dashes,
quotes, arrows: tests/test_cli_cells.py checks each against rich): its width is its length, without
rich's grapheme split, which cost `list --all` a third of its time at 10,000 handoffs."""

ROOM = 20
"""The fewest cells a wrapped line keeps for its text after its hanging indent (or half the line, if more)."""

LEAST = 16
"""The fewest cells a cut column keeps: shorter, a title or a label stops saying which one it is."""


def cell_width(text: str) -> int:
    """How many terminal cells `text` takes: a CJK character takes two."""
    if text.isascii() or NARROW.fullmatch(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def cut_to_cells(text: str, cells: int) -> str:
    """The start of `text` that fits in `cells` terminal cells (a wide character is not split)."""
    if text.isascii() or NARROW.fullmatch(text):
        return text[:cells].rstrip(" ") if len(text) > cells else text
    from rich.cells import set_cell_size

    return set_cell_size(text, cells).rstrip(" ") if cell_width(text) > cells else text


def cut(text: str, cells: int) -> str:
    """`text` in at most `cells` cells, ending in `…` when it had to be cut."""
    return text if cell_width(text) <= cells else cut_to_cells(text.removesuffix("…"), cells - 1) + "…"


WORD = re.compile(r" *[^ ]+(?: → [^ ]+| \d\d:\d\d[^ ]*)*")
"""A word with the spaces before it: `sales → onboarding` and `2026-12-01 09:30` are one, never broken."""


def wrap(line: str, columns: int, hang: int | None = None) -> list[str]:
    """`line` broken at its spaces into lines of at most `columns` cells, the later ones indented `hang` cells
    (when None: under the text after a short label, else its own indentation and two more). A word is never cut,
    so that a link or an invitation code can still be copied: one too long to go under the others starts further
    left, and every later line with it (one hang for the line), one longer than the line overflows (text in wide
    characters, which has no spaces, breaks anywhere)."""
    if len(line) <= columns and (line.isascii() or cell_width(line) <= columns):
        return [line]
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    later = min(_hang(line, indent) if hang is None else hang, max(columns // 2, columns - ROOM))
    later = _under_the_longest(body, columns, indent, later)
    lines: list[str] = []
    current = line[:indent]
    for joined in WORD.findall(body):
        # `a → b` too long for a line of its own is broken as any words are
        parts = [joined] if cell_width(joined.lstrip(" ")) <= columns - later else re.findall(r" *[^ ]+", joined)
        # and text with wide characters (CJK: no spaces between words) between any two of its characters
        parts = [c for part in parts for c in _characters(part, columns - later)]
        for part in parts:
            word = part.lstrip(" ")
            if not current.strip():  # nothing on this line yet but its indentation
                current += word
            elif cell_width(current + part) <= columns:
                current += part
            else:  # a word too long to go under the others (a link) starts as far left as it needs to fit
                lines.append(current)
                current = " " * min(later, max(indent, columns - cell_width(word))) + word
    lines.append(current)
    return lines


def _under_the_longest(body: str, columns: int, indent: int, later: int) -> int:
    """The hang, further left when a word that fits on a line of its own does not fit under it (a file's path
    after `problem: `): every later line then starts where that word must, not that word alone further left.
    A word longer than the line starts at the line's own indentation, whatever the hang."""
    widths = [len(w) for w in body.split(" ") if w and (w.isascii() or NARROW.fullmatch(w))]
    fitting = [width for width in widths if width <= columns - indent]
    return min(later, max(indent, columns - max(fitting))) if fitting else later


LABEL = 24
"""How far into a line a `label: ` may end for the line's later lines to go under its text."""


def _hang(line: str, indent: int) -> int:
    """Where a line's later lines start when its caller does not say: under the text after a short label
    (`baton: `, `warning: `, `note: `, `  - why: `), else its own indentation and two more."""
    label = line.find(": ", indent, LABEL)
    return label + 2 if label > indent else indent + 2


def _characters(part: str, room: int) -> list[str]:
    """`part` as it is, or one character at a time when it is too long for `room` and holds wide characters."""
    if part.isascii() or NARROW.fullmatch(part) or cell_width(part.lstrip(" ")) <= room:
        return [part]
    word = part.lstrip(" ")
    return [part[: len(part) - len(word) + 1], *word[1:]]


def wrapped(lines: Iterable[str], columns: int | None, hang: int | None = None) -> list[str]:
    """Every line wider than `columns` broken into lines that fit (see `wrap`); every line whole for a pipe."""
    if columns is None:
        return list(lines)
    return [part for line in lines for part in wrap(line, columns, hang)]


def fitted(text: str, columns: int | None, hang: int | None = None) -> str:
    """`wrapped` for the lines of one text; `text` as it is for a pipe."""
    return text if columns is None else "\n".join(wrapped(text.split("\n"), columns, hang))


def table_width(table: list[list[str]], width: Callable[[str], int] = len, gap: int = 2) -> int:
    """How wide `table` prints with `aligned`: every column as wide as its widest cell, `gap` cells apart."""
    return sum(max(map(width, column)) for column in zip(*table)) + gap * (len(table[0]) - 1)


def cut_column(table: list[list[str]], index: int, over: int, width: Callable[[str], int] = len) -> None:
    """The cells of one column (not its heading) cut by `over` cells, to `LEAST` at the least."""
    room = max(LEAST, max(width(row[index]) for row in table) - over)
    for row in table[1:]:
        if width(row[index]) > room:
            row[index] = cut(row[index], room)


def fit_table(
    table: list[list[str]], columns: int | None, steps: Iterable[str], width: Callable[[str], int] = len
) -> None:
    """`table` (headings first) made narrower while it is wider than `columns`, one step at a time: `-NAME` drops
    the column headed NAME, `NAME` cuts its cells (see `cut_column`)."""
    for step in steps:
        over = table_width(table, width) - columns if columns is not None else 0
        if over <= 0:
            return
        index = table[0].index(step.removeprefix("-"))
        if step.startswith("-"):
            for row in table:
                del row[index]
        else:
            cut_column(table, index, over, width)


def right_aligned(table: list[list[str]], names: Iterable[str]) -> set[int]:
    """Where the columns headed `names` are now (a fitted table may have lost some)."""
    return {i for i, name in enumerate(table[0]) if name in set(names)}


TRANSITION, TITLE, WINDOW = 2, 3, 7


def fit_queue(table: list[list[str]], columns: int | None, width: Callable[[str], int] = len) -> set[int]:
    """A queue table made to fit a terminal `columns` wide (None: a pipe, left whole), step by step while it
    is too wide (a row that wraps reads as two): the window says `within 3h` for `answer within 3h`, the
    transition column goes (`show` has it), titles are cut, to 16 cells at the least. Returns the
    right-aligned columns."""
    if columns is None or table_width(table, width) <= columns:
        return {5, 6}
    for row in table[1:]:
        row[WINDOW] = row[WINDOW].removeprefix("answer ")
    fit_table(table, columns, ["-TRANSITION", "TITLE"], width)
    return right_aligned(table, ["DONE", "AGE"])


__all__ = ["NARROW", "cell_width", "cut", "cut_to_cells", "fit_queue", "fit_table", "fitted", "wrap", "wrapped"]

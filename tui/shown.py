"""Teammates' text as the app shows it: escape sequences shown, not obeyed, and markup shown, not applied.

The app's half of `baton.core.terminal_text`: every title, name, answer, comment, reason and
file name that reaches a widget goes through `plain` (for widgets that show text as it is)
or `in_markup` (for the few that build Textual markup around it), so `[bold]` typed by a
teammate reads as `[bold]` and an escape sequence cannot reach the terminal.
"""

from __future__ import annotations

from baton.core.terminal_text import harmless, harmless_line


def escape(text: str) -> str:
    """Text Textual's markup shows as it is: every `[` escaped (Textual's own `escape` leaves `[$name]` alone, and
    reads `\\[` as an escaped bracket, so rich's doubling of backslashes would show twice as many). A backslash at
    the very end would escape the tag that follows: a zero-width space keeps it apart."""
    text = text.replace("[", "\\[")
    return text + "\u200b" if text.endswith("\\") else text


def plain(text: object) -> str:
    """Text for a widget with markup off: control characters shown as escapes, line breaks kept."""
    return harmless(str(text))


def one_line(text: object) -> str:
    """Text that must stay on its line (a table cell, an option, a title bar): line breaks shown as `\\n`."""
    return harmless_line(str(text))


def in_markup(text: object) -> str:
    """Text to put inside Textual markup: harmless, and its square brackets escaped so they show as typed."""
    return escape(harmless(str(text)))


def option(text: object) -> str:
    """An option list's prompt (option lists read markup): one line, brackets escaped."""
    return escape(harmless_line(str(text)))


def fit_cells(text: str, cells: int) -> str:
    """`text` cut (with "…") or padded to exactly `cells` terminal cells: a CJK character takes two."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) > cells:
        text = set_cell_size(text, cells - 1) + "…"
    return set_cell_size(text, cells)

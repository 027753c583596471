"""A Static whose long lines wrap under their own text at whatever width the screen gives it.

Textual wraps a long line back to the first column, so at 80 columns a member's "away …" line on the Team
screen, or a comment's second line, read as a new entry. This breaks each line where the command line does
(`fit.wrap`: at spaces, a link never cut) and starts its later lines where `hang` says, measured again at
every width (a resized terminal, a narrower pane).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.text import Text
from textual.widgets import Static

from baton.tui.cli.fit import cell_width, wrap

BULLETS = ("- ", "* ", "• ", "⚠ ", "✗ ")
"""How a list item starts (in a comment, or baton's own lists of warnings and problems): its later lines go
under its text, not under the mark."""


def entry_indent(line: str) -> int:
    """Later lines two cells in: a line that is one entry (a teammate on the Sync screen) reads as one."""
    return own_indent(line) + 2


def own_indent(line: str) -> int:
    """Later lines under the first one's text: an indented line keeps its indent, a paragraph its margin, a
    list item the place after its bullet."""
    text = line.lstrip(" ")
    return len(line) - len(text) + (2 if text.startswith(BULLETS) else 0)


GLUE = "\u00a0"
"""Holds a part's words together while it is wrapped (`fit.wrap` breaks at plain spaces only); a space again after."""


class HangingLines:
    """Lines (already made harmless: `shown.plain`) that wrap under their text, for a Static with markup off."""

    def __init__(self, text: str, hang: Callable[[str], int] = own_indent, parts: str = "") -> None:
        self.lines = text.split("\n")
        self.hang = hang
        self.parts = parts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = max(1, options.max_width)
        for line in self.lines:
            for part in self.wrapped(line, width):
                yield Text(part, end="\n", overflow="fold")  # a word longer than the line (a link) folds

    def wrapped(self, line: str, width: int) -> list[str]:
        """`line` broken to `width`; with `parts` (" · "), only between the parts it separates, each kept whole
        ("last seen 13m" above a lone "ago" read as two facts)."""
        if not self.parts or self.parts not in line:
            return wrap(line, width, self.hang(line))
        joint = self.parts.rstrip(" ").replace(" ", GLUE) + " "  # a break comes after the separator, never before
        glued = joint.join(part.replace(" ", GLUE) for part in line.split(self.parts))
        return [piece.replace(GLUE, " ") for piece in wrap(glued, width, self.hang(line))]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_width(line) for line in self.lines), default=0)
        return Measurement(min(1, widest), min(widest, options.max_width))

    def __str__(self) -> str:
        """The text as given, whole: what a test or a copy reads (`str(static.render())`)."""
        return "\n".join(self.lines)


class HangingText(Static):
    """A Static with markup off whose text (`update` it with `shown.plain` text) wraps under each line's text;
    `hang` says where a line's later lines start, `parts` what separates the parts a line breaks between only."""

    def __init__(self, text: str = "", hang: Callable[[str], int] = own_indent, parts: str = "", **kwargs: Any) -> None:
        super().__init__(text, markup=False, **kwargs)
        self.hang = hang
        self.parts = parts

    def render(self) -> HangingLines:
        return HangingLines(str(self.content), self.hang, self.parts)

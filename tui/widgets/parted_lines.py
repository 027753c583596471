"""Lines made of parts that wrap as units: a line breaks between two parts, never inside one that fits a line.

Textual wraps text at any space, a non-breaking one too, so at 80 columns the handoff's header ended a line
on "due" and started the next with its date, or parted "it is 10:21 for Lena" from "Vogel, Berlin". Here a
part ("due 2026-12-05", "maya → lena", "it is 10:21 for Lena Vogel, Berlin") that does not fit the end of a
line starts the next one whole, measured again at every width; only a part wider than a whole line (a long
title) wraps inside itself. A Textual Visual, so the parts keep their markup ($warning, bold). `hang`
starts a line's later rows further in, under its text (a template's details under its title).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

Line = tuple[Sequence[str | Content], str]
"""A line's parts (Textual markup, its text made harmless by the caller, or Content) and what joins them
(" · ", " ")."""


class PartedLines(Visual):
    """Lines of parts, each part kept whole on one line when it fits one."""

    def __init__(self, lines: Sequence[Line], hang: int = 0) -> None:
        self.lines = [([_content(part) for part in parts if part], joint) for parts, joint in lines]
        self.hang = hang
        self._laid: tuple[int, Content] | None = None

    def laid_out(self, width: int) -> Content:
        """The lines with a break before each part that does not fit the rest of its line at `width` cells."""
        if self._laid is not None and self._laid[0] == width:
            return self._laid[1]
        rows: list[Content] = []
        for parts, joint in self.lines:
            ending = joint.rstrip()  # a broken line ends on its separator ("·"), so it reads as going on
            row, used = Content(""), -1
            for part in parts:
                if used < 0:
                    row, used = part, part.cell_length
                elif used <= width and used + len(joint) + part.cell_length <= width:
                    row, used = row + joint + part, used + len(joint) + part.cell_length
                else:
                    fits = ending and used + len(ending) <= width
                    rows.append(row + ending if fits else row)
                    row, used = " " * self.hang + part, self.hang + part.cell_length
            rows.append(row)
        laid = Content("\n").join(rows)
        self._laid = (width, laid)
        return laid

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        pad = options.rules.get("line_pad", 0) * 2
        return self.laid_out(max(1, width - pad)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.laid_out(max(1, container_width)).get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max((part.get_minimal_width(rules) for parts, _ in self.lines for part in parts), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        pad = rules.get("line_pad", 0) * 2
        return self.laid_out(max(1, width - pad)).get_height(rules, width)

    def __str__(self) -> str:
        """The lines as plain text, each whole on one line: what a test or a copy reads (`str(static.render())`)."""
        return "\n".join(joint.join(part.plain for part in parts) for parts, joint in self.lines)


def _content(part: str | Content) -> Content:
    return part if isinstance(part, Content) else Content.from_markup(part)

"""A check item's box that reads the same without colour: "[x] done" or "[ ] not done"."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class Tick(Checkbox):
    """Textual's checkbox draws ▐X▌ ticked or not (only the colour differs); this one says which."""

    DEFAULT_CSS = """
    Tick { border: none; padding: 0 1; }
    Tick:focus { text-style: bold; }
    """

    def __init__(
        self,
        value: bool = False,
        *,
        words: tuple[str, str] = ("done", "not done (Space ticks it)"),
        disabled: bool = False,
        id: str | None = None,
    ) -> None:
        self.words = words
        """What the box says ticked, and unticked."""
        super().__init__(self._words(value), value, disabled=disabled, compact=True, id=id)

    def _words(self, value: bool) -> str:
        return self.words[0] if value else self.words[1]

    @property
    def _button(self) -> Content:
        return Content("[x] " if self.value else "[ ] ")

    def watch_value(self) -> None:
        self.label = self._words(self.value)
        super().watch_value()

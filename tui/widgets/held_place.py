"""A place kept on the first frame for a part of the screen that comes a moment after it.

Textual composes, styles and lays out every widget of a screen before it draws any of
them. On the queue screen the header, the tabs, the filter row and the footer are some
thirty widgets against the queue's one, so the first frame shows the queue and holds
their places: a HeldPlace has the part's height (and the header's and footer's
background), draws nothing, and is swapped for the part itself once the first frame is
on screen (`QueuesScreen`, `FirstFrame`). Nothing moves when the parts arrive.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget


class HeldPlace(Widget):
    """Stands in for the widget `make` builds until it is mounted in its place."""

    DEFAULT_CSS = """
    HeldPlace { height: 1; }
    HeldPlace.-header { dock: top; background: $panel; }
    HeldPlace.-tabs { height: 2; }
    HeldPlace.-footer { dock: bottom; background: $footer-background; }
    """

    def __init__(self, make: Callable[[], Widget], part: str) -> None:
        """`part`: which part's place this is (`header`, `tabs`, `filters`, `footer`), for its height."""
        super().__init__(classes=f"-{part}")
        self.make = make

    def render(self) -> str:
        return ""

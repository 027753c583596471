"""Bringing a widget into view and keeping it there while the layout around it settles.

One scroll after the next refresh is not always enough: text that arrives from a read a moment
later (a roster line, a wrapped note) can push the widget out of view again once laid out. So it
is looked at after each of the next few refreshes and scrolled back whenever it is not seen whole.
"""

from __future__ import annotations

from textual.widget import Widget

LOOKS = 6
"""How many refreshes to watch: a layout settles within a few, and a user's own scrolling after
that is theirs to keep."""


def seen_whole(widget: Widget) -> bool:
    """Whether every line of `widget` shows inside each scrolling container around it."""
    region = widget.region
    if not region.height:
        return False
    scrolling = [
        a for a in widget.ancestors if isinstance(a, Widget) and (a.allow_vertical_scroll or a.allow_horizontal_scroll)
    ]
    return all(a.scrollable_content_region.contains_region(region) for a in scrolling)


def bring_into_view(widget: Widget, looks: int = LOOKS) -> None:
    """Scroll `widget` into view after the next refresh, and again after any of the next `looks`
    refreshes that finds it out of view."""

    def look(left: int) -> None:
        if not widget.is_attached or not widget.display:
            return
        if not seen_whole(widget):
            widget.scroll_visible(animate=False)
        if left:
            widget.call_after_refresh(look, left - 1)

    widget.call_after_refresh(look, looks)

"""Where the focus goes on a handoff: the first open item on opening, and back where it was when the fields open again.

A send closes the fields and the focus leaves them; a recall (or a reopen) opens them again, and
the person goes on typing where they stopped rather than into nothing. Kept apart from the
screen's reading and saving so each file stays small.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from baton.tui.widgets.item_input import ItemInput


class HandoffFocus:
    """Mixed into HandoffScreen: needs `state`, `focused`, `query`, `query_one`, `ready_for_keys`."""

    state: Any
    ready_for_keys: bool
    left_item: str | None
    focused: Widget | None
    query: Any
    query_one: Any

    def _focus_first_open(self) -> None:
        blockers = self.state.blockers() if self.state else []
        target = blockers[0].item_id if blockers else None
        if target:
            self.query_one(f"#item-{target}", ItemInput).focus_input()
            self._ready()
        else:
            self._focus_to_read()

    def _focus_to_read(self) -> None:
        """Nothing to fill (a receiver reading, a draft with nothing missing): the checklist has the focus, so
        ↑ ↓ PgUp PgDn read it at once. The tab strip had it, where they did nothing until a Tab."""
        self.query_one("#items").focus()
        self._ready()

    def _item_in_focus(self) -> str | None:
        return next((i.item.id for i in self.query(ItemInput) if i.has_focus_within), None)

    def _focus_again(self) -> None:
        """The item the focus left when the fields closed, else the first that blocks, else the first open one."""
        if self.focused is not None:
            return
        shown = [i for i in self.query(ItemInput) if i.editable and i.display]
        blockers = {b.item_id for b in self.state.blockers()} if self.state else set()
        again = [i for i in shown if i.item.id == self.left_item] or [i for i in shown if i.item.id in blockers]
        if again or shown:
            (again or shown)[0].focus_input()

    def _ready(self) -> None:
        self.ready_for_keys = True

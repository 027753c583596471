"""Leaving the Team screen with an invitation typed and not made yet: Esc and quit ask first, as every other
screen with typed text does (it was dropped without a word)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class TeamLeave:
    """Mixed into TeamScreen: needs `app`, `focused`, `query` and `query_one`."""

    app: Any
    focused: Any
    query: Any
    query_one: Any

    def unsaved_words(self) -> str:
        """What leaving now would lose: a name or stages typed for an invitation not made yet (the app's quit asks
        with these words too)."""
        typed = any(field.value.strip() for field in self.query("#team-invite Input").results(Input))
        return "The invitation you typed is not made yet." if typed else ""

    def action_back(self) -> None:
        from baton.tui.screens.confirm import drop_typed

        lost = self.unsaved_words()
        if not lost:
            self.app.pop_screen()
            return
        before = self.focused

        def chosen(answer: str | None) -> None:
            if answer == "discard":
                self.app.pop_screen()
            elif before is not None:
                before.focus()  # back to the typing

        self.app.push_screen(drop_typed(lost, self.query_one("#team-invite")), chosen)

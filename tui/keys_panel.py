"""The palette's Keys panel: Esc closes the panel first, and only then the screen it is drawn on.

Textual draws the panel on the screen instead of pushing it over, so Esc went to the screen's own Back
(Quit on first run) and took the panel and the screen away together.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding


class KeysPanel(App[None]):
    BINDINGS = [Binding("escape", "hide_keys", "Hide keys", priority=True)]
    """Offered only while the panel shows (`keys_shown`); the footer's Esc then says so."""

    def keys_shown(self) -> bool:
        return bool(self.screen.query("HelpPanel"))

    def action_show_help_panel(self) -> None:
        super().action_show_help_panel()
        self.call_after_refresh(self.screen.refresh_bindings)

    def action_hide_help_panel(self) -> None:
        screen = self.screen

        async def hidden() -> None:
            await screen.query("HelpPanel").remove()
            screen.refresh_bindings()

        self.call_next(hidden)

    def action_hide_keys(self) -> None:
        self.action_hide_help_panel()

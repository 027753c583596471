"""A dialog's refusal goes once the person edits a field: left beside the buttons, it read as a refusal of the
corrected text (the new-handoff form still said the due date was wrong after it was fixed)."""

from __future__ import annotations

from test_app_support import FrozenClock, new_handoff_form, settle, team
from textual.widgets import Static

from baton.tui.app import BatonApp


async def test_the_new_handoff_forms_refusal_goes_when_the_field_is_edited(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await new_handoff_form(pilot)
        await pilot.press(*"every kind", "enter", *"Acme", "enter", "down", "enter", *"next friday", "enter")
        await settle(pilot)
        said = dialog.query_one(".error", Static)
        assert app.screen is dialog and str(said.render()).startswith("✗ ")
        await pilot.press("ctrl+u", *"fri")
        await settle(pilot)
        assert str(said.render()) == ""
        assert maya.store.query("SELECT COUNT(*) FROM handoffs").fetchone()[0] == 0  # the refused one made nothing


async def test_a_refusal_goes_on_edit_whatever_it_looks_like(tmp_path, monkeypatch):
    """The dialog knows it showed a refusal; it does not read its own words back (a new mark or wording kept the
    refusal there, read as a refusal of the corrected text)."""
    from baton.tui.screens import action_modal

    monkeypatch.setattr(action_modal, "REFUSAL_MARK", "Refused: ")
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await new_handoff_form(pilot)
        await pilot.press(*"every kind", "enter", *"Acme", "enter", "down", "enter", *"next friday", "enter")
        await settle(pilot)
        said = dialog.query_one(".error", Static)
        assert app.screen is dialog and str(said.render()).startswith("Refused: ")
        await pilot.press("ctrl+u", *"fri")
        await settle(pilot)
        assert str(said.render()) == ""

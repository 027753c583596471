"""A broken file in the checklists folder left the new-handoff form's list empty (the whole catalog failed
with it). The form now lists every usable checklist and says once which files it skipped."""

from __future__ import annotations

from test_app_support import FrozenClock, new_handoff_form, said, settle, team
from textual.widgets import OptionList

from baton.tui.app import BatonApp


async def test_the_form_lists_the_usable_checklists_and_names_the_skipped_files(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    folder = tmp_path / "checklists"
    (folder / "t-bad.toml").write_text('id = "t-bad"\nx = = 1\n', encoding="utf-8")
    (folder / "gone.toml").symlink_to(folder / "nowhere.toml")
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_handoff_form(pilot)
        await settle(pilot)
        templates = app.screen.query_one("#templates", OptionList)
        listed = {templates.get_option_at_index(i).id for i in range(templates.option_count)}
        assert {"sales-to-onboarding", "marketing-to-sales"} <= listed and "t-bad" not in listed
        notes = [n.message for n in said(app) if "Skipped" in n.message]
        assert len(notes) == 1, notes
        assert "gone.toml" in notes[0] and "t-bad.toml" in notes[0]

"""Lines at 80 columns that broke inside a fact: the answer dialog's "sent 1h" above a lone "ago", a checklist's
details wrapped back under its title in the new-handoff list; and the waive list offering items core refuses."""

from __future__ import annotations

from test_app_support import FrozenClock, kit_handoff, new_handoff_form, settle, team
from textual.widgets import OptionList

from baton.tui.app import BatonApp
from baton.tui.screens.answer import AnswerScreen
from baton.tui.screens.waive import WaiveScreen
from baton.tui.widgets.hanging_text import HangingText


def drawn(widget) -> list[str]:
    """The widget's lines as drawn on the screen."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


async def test_the_answer_dialog_keeps_sent_and_how_long_ago_on_one_line(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = kit_handoff(ben, "Kestrel Foods - pilot, 3 sites", "maya", clock=clock)
    ben.send(handoff)
    clock.advance(hours=1)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, AnswerScreen)
        lines = drawn(app.screen.query_one(HangingText))
        assert any("sent 1h ago" in line for line in lines), lines
        assert any(line.strip().startswith("From Ben Carter") for line in lines), lines


async def test_a_checklists_details_wrap_under_its_details_not_under_its_title(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_handoff_form(pilot)
        templates = form.query_one("#templates", OptionList)
        titles = {str(templates.get_option_at_index(i).prompt).split("\n")[0] for i in range(templates.option_count)}
        lines = [line for line in drawn(templates) if line.strip()]
        margin = min(len(line) - len(line.lstrip()) for line in lines)
        wrapped = [line for line in lines if line.strip() not in titles]
        assert any("when:" in line for line in wrapped), lines
        assert all(len(line) - len(line.lstrip()) >= margin + 2 for line in wrapped), lines


async def test_the_waive_list_dims_the_items_core_would_refuse_and_skips_them(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    maya.set_item(handoff, "signed", True)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, WaiveScreen)
        choices = app.screen.query_one("#item", OptionList)
        assert choices.get_option("signed").disabled and not choices.get_option("summary").disabled
        assert choices.get_option_at_index(choices.highlighted or 0).id == "summary"
        await pilot.press("up")  # past the filled item, never onto it
        assert choices.get_option_at_index(choices.highlighted or 0).id != "signed"

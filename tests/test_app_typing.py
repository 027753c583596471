"""Typed text is never lost and never written twice: the handoff screen's fields, driven by keys.

Each test checks the event log, not only the screen: a value saved twice, a clear
of an empty item, or a blocked send caused by an unsaved field would all show there.
"""

from __future__ import annotations

import json

from test_app_support import FrozenClock, settle, team
from textual.widgets import Input, TextArea

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.messages import ChainRead
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.queues import QueuesScreen
from baton.tui.widgets.item_input import ItemInput

SIZE = (80, 24)
DONE = {"signed": True, "summary": "Forty seats, annual", "crm": "https://crm.example.com/d/42", "seats": 40}
PARAGRAPH = """
[[items]]
id = "context"
text = "What happened before, in a paragraph"
why = "The receiver should not have to ask."
kind = "text"
min_length = 40
"""


def world(tmp_path, paragraph: bool = False):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    if paragraph:
        kit = tmp_path / "checklists" / "kit.toml"
        kit.write_text(kit.read_text(encoding="utf-8") + PARAGRAPH, encoding="utf-8")
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    for item, value in DONE.items():
        maya.set_item(handoff, item, value)
    return maya, handoff, BatonApp(maya, Home(tmp_path), clock=clock)


def events(replica) -> list[tuple[str, str]]:
    return [(e["kind"], json.loads(e["payload"]).get("item", "")) for e in replica.store.event_rows()]


async def opened(pilot, app, handoff: str) -> HandoffScreen:
    await settle(pilot)
    app.open_handoff(handoff)
    await settle(pilot)
    assert isinstance(app.screen, HandoffScreen)
    return app.screen


async def type_in(pilot, screen, item: str, text: str) -> Input:
    field = screen.query_one(f"#item-{item} #input")
    field.focus()
    await pilot.pause()
    await pilot.press(*text)
    return field


async def test_enter_then_leaving_writes_once(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        before = len(events(maya))
        await type_in(pilot, screen, "start", "2025-12-01")
        await pilot.press("enter")  # saves, and moves on: leaving the field must not save again
        await settle(pilot)
        await pilot.press("shift+tab")
        await pilot.press("tab")
        await settle(pilot)
        assert events(maya)[before:] == [("item_set", "start")]


async def test_clearing_an_empty_field_writes_nothing_and_says_nothing(tmp_path):
    maya, handoff, app = world(tmp_path)
    maya.clear_item(handoff, "seats")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        before = len(events(maya))
        await type_in(pilot, screen, "seats", "")
        await pilot.press("enter")
        await settle(pilot)
        assert len(events(maya)) == before
        assert not screen.query_one("#item-seats .item-problem").display


async def test_a_refused_value_stays_and_a_corrected_one_clears_the_error(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = await type_in(pilot, screen, "start", "2025-13-45")
        await pilot.press("enter")
        await settle(pilot)
        problem = screen.query_one("#item-start .item-problem")
        assert "there is no month 13" in str(problem.render())
        assert field.value == "2025-13-45" and field.has_focus  # kept, to be fixed where it is
        field.value = ""
        await pilot.press(*"2025-12-01", "enter")
        await settle(pilot)
        assert maya.state(handoff).values["start"] == "2025-12-01"
        assert "no month" not in str(problem.render())


async def test_focus_keeps_the_answer_and_the_cursor_goes_to_its_end(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = await type_in(pilot, screen, "summary", ", invoiced quarterly")
        assert field.value == "Forty seats, annual, invoiced quarterly"


async def test_escape_with_unsaved_text_asks_and_stay_keeps_it(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = await type_in(pilot, screen, "start", "2025-12-0")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert app.screen.focused.id == "stay"
        await pilot.press("enter")  # Enter takes the safe answer: stay
        await settle(pilot)
        assert app.screen is screen and field.value == "2025-12-0"
        assert "start" not in maya.state(handoff).values


async def test_arrows_move_between_the_dialogs_buttons(tmp_path):
    """ "Left Left Enter" in "Typed text is not saved" silently picked Stay: the arrows did nothing."""
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        await type_in(pilot, screen, "start", "2025-12-01")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and app.screen.focused.id == "stay"
        await pilot.press("left")
        assert app.screen.focused.id == "discard"
        await pilot.press("right", "left", "left", "left")  # no wrap past the first
        assert app.screen.focused.id == "save"
        await pilot.press("enter")
        await settle(pilot)
    assert maya.state(handoff).values["start"] == "2025-12-01"


async def test_escape_then_save_writes_and_leaves(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        await type_in(pilot, screen, "start", "2025-12-01")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)
        assert maya.state(handoff).values["start"] == "2025-12-01"


async def test_escape_then_discard_leaves_without_writing(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        before = len(events(maya))
        await type_in(pilot, screen, "start", "2025-12-01")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#discard")
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)
        assert len(events(maya)) == before


async def test_quit_with_unsaved_text_asks(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        await type_in(pilot, screen, "start", "2025-12-01")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.click("#save")
        await settle(pilot)
    assert maya.state(handoff).values["start"] == "2025-12-01"


async def test_ctrl_s_saves_the_field_being_typed_then_sends(tmp_path):
    maya, handoff, app = world(tmp_path)
    maya.set_item(handoff, "start", "2025-12-01")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        await type_in(pilot, screen, "plan", "")  # a select: choose by keys
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert maya.state(handoff).values.get("plan") == "starter"
        maya.clear_item(handoff, "seats")
        screen.reload()
        await settle(pilot)
        await type_in(pilot, screen, "seats", "40")
        await pilot.press("ctrl+s")
        await settle(pilot)
        kinds = [kind for kind, _ in events(maya)]
        assert kinds[-2:] == ["item_set", "sent"]
        assert "send_blocked" not in kinds


async def test_ctrl_s_with_a_refused_typed_value_says_so_and_still_meets_the_gate(tmp_path):
    """An impossible date typed, then Ctrl+S: the field says why (nothing saved), the send is refused
    by the gate as usual (a blocked send on record, the cursor on the first blocker), never stuck on "Sending…"."""
    from textual.widgets import Button

    maya, handoff, app = world(tmp_path)
    maya.set_item(handoff, "plan", "starter")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        await type_in(pilot, screen, "start", "2026-02-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        field = screen.query_one("#item-start", ItemInput)
        assert field.refusal and "start" not in maya.state(handoff).values
        kinds = [kind for kind, _ in events(maya)]
        assert kinds[-1] == "send_blocked" and "sent" not in kinds
        assert str(screen.query_one("#send", Button).label) == "Send  ^s"
        assert screen.focused is field.query_one("#input")
        await pilot.press("end", "backspace", "backspace", "2", "7", "ctrl+s")  # fixed, the next Ctrl+S sends
        await settle(pilot)
    assert maya.state(handoff).status == "sent"


async def test_rules_show_before_anyone_fails_them(tmp_path):
    maya, handoff, app = world(tmp_path)
    maya.clear_item(handoff, "summary")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        rules = {i.item.id: str(i.query_one(".item-rules").render()) for i in screen.query(ItemInput)}
        assert "at least 10 characters (0 so far)" in rules["summary"]
        assert "from 1 to 1000" in rules["seats"]
        assert "one of: starter, growth, enterprise" in rules["plan"]
        assert "YYYY-MM-DD" in rules["start"]
        await type_in(pilot, screen, "summary", "Forty")
        assert "(5 so far)" in str(screen.query_one("#item-summary .item-rules").render())


async def test_a_check_reads_without_colour(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        tick = screen.query_one("#item-signed #input")
        assert " ".join(str(tick.render()).split()) == "[x] done"
        tick.focus()
        await pilot.press("space")
        await settle(pilot)
        assert " ".join(str(tick.render()).split()).startswith("[ ] not done")
        assert maya.state(handoff).values["signed"] is False


async def test_a_paragraph_gets_a_box_and_is_saved_on_leaving(tmp_path):
    maya, handoff, app = world(tmp_path, paragraph=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        box = screen.query_one("#item-context #input", TextArea)
        box.focus()
        await pilot.pause()
        box.insert("The client churned once, in 2023, over slow onboarding.\nThey want weekly calls.")
        await pilot.press("tab")
        await settle(pilot)
        assert maya.state(handoff).values["context"].startswith("The client churned once")


async def test_tabbing_into_a_filled_paragraph_puts_the_cursor_after_its_text(tmp_path):
    maya, handoff, app = world(tmp_path, paragraph=True)
    maya.set_item(handoff, "context", "The client churned once, in 2023, over slow onboarding.\nThey want calls.")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        box = screen.query_one("#item-context #input", TextArea)
        screen.query_one("#item-notes #input").focus()
        await pilot.pause()
        await pilot.press("tab", *" Weekly.", "tab")
        await settle(pilot)
        assert maya.state(handoff).values["context"].endswith("They want calls. Weekly.")
        assert app.focused is not box


async def test_what_a_reader_brings_after_the_screen_closed_is_dropped(tmp_path):
    """The chain is read in a thread; leaving the handoff before it lands must not fail the reader."""
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)
        late = ChainRead([(["Next: Onboarding → Delivery"], "")], upgrade_offered=False)
        assert not screen.post_message(late)  # as the reader's late word would be: dropped, not an error
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)


async def test_a_value_changed_elsewhere_is_shown_in_the_untouched_field_and_not_written_back(tmp_path):
    """The field has focus but nothing typed: a change from the command line (or a teammate's sync)
    shows in it, and leaving the field writes nothing (it used to write the old text back over it)."""
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = screen.query_one("#item-seats #input", Input)
        field.focus()
        await pilot.pause()
        maya.set_item(handoff, "seats", "41")  # elsewhere, while the field has focus
        screen.reload()
        await settle(pilot)
        assert field.value == "41"
        before = len(events(maya))
        await pilot.press("tab")
        await settle(pilot)
        assert len(events(maya)) == before
        assert maya.state(handoff).values["seats"] == 41


async def test_text_being_typed_is_kept_when_the_value_changes_elsewhere(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = await type_in(pilot, screen, "seats", "2")  # "402": typing, not saved yet
        maya.set_item(handoff, "seats", "41")
        screen.reload()
        await settle(pilot)
        assert field.value == "402"  # what the person typed is never replaced under their cursor
        await pilot.press("tab")
        await settle(pilot)
        assert maya.state(handoff).values["seats"] == 402


async def test_ctrl_a_then_ctrl_k_in_a_paragraph_empty_its_whole_line_not_the_row_it_wraps_onto(tmp_path):
    """As in a shell (the README's promise): start and end are the line's, however many rows it takes."""
    maya, handoff, app = world(tmp_path, paragraph=True)
    long_line = "The client churned once, in 2023, over slow onboarding, and wants weekly calls from now on. " * 2
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        box = screen.query_one("#item-context #input", TextArea)
        box.focus()
        await pilot.pause()
        box.insert(f"First line.\n{long_line.strip()}")
        await pilot.pause()
        assert box.wrapped_document.height > 3  # the second line wraps onto several rows at 80 columns
        await pilot.press("ctrl+a", "ctrl+k")
        assert box.text == "First line.\n"
        box.insert("Weekly calls.")
        await pilot.press("ctrl+a", "ctrl+e")
        assert box.cursor_location == (1, len("Weekly calls."))

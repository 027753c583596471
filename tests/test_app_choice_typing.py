"""A choice item takes letters typed into its closed field: nothing typed there is lost.

Someone filling a checklist fast types the plan's name and Enter, as in every other field;
Textual's own closed Select dropped the letters and opened its list on "choose…".
"""

from __future__ import annotations

import time

from test_app_fast_typing import burst
from test_app_support import FrozenClock, eventually, settle, team
from test_app_typing import events, opened

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.widgets.choice_select import ChoiceSelect, best_choice

SIZE = (80, 24)
PLANS = ["starter", "growth", "enterprise"]


def world(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    return maya, handoff, BatonApp(maya, Home(tmp_path), clock=clock)


async def in_plan(pilot, app, handoff):
    """The handoff open, the cursor in its plan choice: (its screen, the choice's field)."""
    screen = await opened(pilot, app, handoff)
    plan = screen.query_one("#item-plan #input", ChoiceSelect)
    plan.focus()
    await pilot.pause()
    return screen, plan


def test_the_choice_holding_the_letters_earliest_wins_then_the_earlier_choice():
    assert best_choice(PLANS, "gro") == 1
    assert best_choice(PLANS, "ENT") == 2  # letters match whatever their case
    assert best_choice(PLANS, "r") == 1  # "growth" holds an r at 1, "starter" at 3, "enterprise" at 4
    assert best_choice(["paid ad", "partner"], "pa") == 0
    assert best_choice(["paid ad", "partner"], "par") == 1
    assert best_choice(PLANS, "xyz") is None


async def test_letters_typed_fast_into_a_closed_choice_pick_it_and_enter_moves_on(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, plan = await in_plan(pilot, app, handoff)
        burst(app, *"growth", "enter")  # all at once, as a fast typist's keys arrive
        await settle(pilot)
        assert maya.state(handoff).values.get("plan") == "growth"
        assert not plan.expanded  # the list did not open on Enter: the letters had chosen
        assert app.focused is not plan  # Enter went on to the next item, as in a text field
        assert events(maya).count(("item_set", "plan")) == 1  # one choice, written once


async def test_letters_no_choice_holds_start_a_new_word_and_screen_keys_stay_quiet(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, plan = await in_plan(pilot, app, handoff)
        burst(app, *"starterq", *"ent")  # "q" (quit outside a field) is a letter here; "starterqe" holds nothing
        await settle(pilot)
        assert app.screen is screen and app.is_running
        assert plan.value == "enterprise"
        await eventually(pilot, lambda: maya.state(handoff).values.get("plan") == "enterprise")  # once they stop


async def test_enter_without_letters_still_opens_the_list(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, plan = await in_plan(pilot, app, handoff)
        await pilot.press("enter")
        await settle(pilot)
        assert plan.expanded


async def test_a_choice_changed_twice_fast_is_saved_as_the_later_one_though_the_first_save_is_slow(tmp_path):
    maya, handoff, app = world(tmp_path)
    set_item = maya.set_item

    def slow_on_starter(handoff_id, item_id, raw):  # a busy disk: the first save takes longer than the second
        if raw == "starter":
            time.sleep(0.3)
        return set_item(handoff_id, item_id, raw)

    maya.set_item = slow_on_starter
    async with app.run_test(size=SIZE) as pilot:
        screen, plan = await in_plan(pilot, app, handoff)
        burst(app, "s", "enter", "shift+tab", "e", "enter")  # "starter", then "enterprise": two saves in that order
        await settle(pilot)
        assert plan.value == "enterprise"
        assert maya.state(handoff).values.get("plan") == "enterprise"
        assert [e for e in events(maya) if e == ("item_set", "plan")] == [("item_set", "plan")] * 2


async def test_letters_that_pass_another_choice_on_the_way_save_only_the_last(tmp_path):
    """`t` picks "starter", `te` picks "enterprise": history shows one change, and undo does not bring back a
    choice nobody meant."""
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, plan = await in_plan(pilot, app, handoff)
        burst(app, "t", "e", "tab")
        await settle(pilot)
        assert maya.state(handoff).values.get("plan") == "enterprise"
        assert events(maya).count(("item_set", "plan")) == 1


async def test_a_choice_picked_by_letters_is_saved_once_they_stop_without_leaving_the_field(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, plan = await in_plan(pilot, app, handoff)
        burst(app, "t", "e")
        await eventually(pilot, lambda: maya.state(handoff).values.get("plan") == "enterprise")
        assert app.focused is plan
        assert events(maya).count(("item_set", "plan")) == 1


async def test_after_an_undo_a_focused_choice_shows_the_value_it_went_back_to(tmp_path):
    maya, handoff, app = world(tmp_path)
    maya.set_item(handoff, "plan", "growth")
    async with app.run_test(size=SIZE) as pilot:
        screen, plan = await in_plan(pilot, app, handoff)
        burst(app, "e", "n", "t")
        await eventually(pilot, lambda: maya.state(handoff).values.get("plan") == "enterprise")
        await pilot.press("ctrl+z")
        await eventually(pilot, lambda: maya.state(handoff).values.get("plan") == "growth")
        await settle(pilot)
        assert app.focused is plan and plan.value == "growth"
        assert screen.unsaved() == {}  # nothing to ask about on leaving: the field shows what is saved


async def test_a_typed_pick_left_with_escape_then_discarded_is_not_saved(tmp_path):
    """Its save waited for the letters to stop; the leave dialog opened meanwhile, and Discard must discard it."""
    from baton.tui.screens.queues import QueuesScreen

    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, plan = await in_plan(pilot, app, handoff)
        burst(app, "g", "escape")
        await settle(pilot)
        await pilot.pause(1.5)  # longer than the wait for more letters
        assert maya.state(handoff).values.get("plan") is None
        await pilot.click("#discard")
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)
        assert maya.state(handoff).values.get("plan") is None
        assert events(maya).count(("item_set", "plan")) == 0


async def test_undo_mine_right_after_a_typed_pick_takes_back_that_pick(tmp_path):
    maya, handoff, app = world(tmp_path)
    maya.set_item(handoff, "plan", "starter")
    async with app.run_test(size=SIZE) as pilot:
        screen, plan = await in_plan(pilot, app, handoff)
        burst(app, "g", "ctrl+z")  # growth, and at once Undo mine: the pick is the change to take back
        await settle(pilot)
        await pilot.pause(1.5)
        await settle(pilot)
        assert maya.state(handoff).values.get("plan") == "starter"
        assert plan.value == "starter"

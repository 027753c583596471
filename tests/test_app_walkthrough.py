"""What a walk through the app at 80×24 found: words that say what is true for the person looking."""

from __future__ import annotations

import pytest
from test_app_support import FrozenClock, kit_handoff, settle, team
from textual.widgets import Static

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen


async def test_a_missed_window_says_the_answer_was_due_not_answer_by(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = kit_handoff(ben, "Kestrel Foods - pilot", "maya", clock=clock)
    ben.send(handoff)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(HandoffScreen(handoff))
        await settle(pilot)
        chain = str(app.screen.query_one("#chain", Static).render())
        assert chain.startswith("Answer by ") and "(window: 24h)" in chain
        clock.advance(hours=30)
        app.screen.reload()
        await settle(pilot)
        chain = str(app.screen.query_one("#chain", Static).render())
        assert chain.startswith("The answer was due ") and "(window: 24h)" in chain


def footer_words(app) -> list[str]:
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    return [k.description for k in app.screen.query_one(Footer).query(FooterKey)]


async def test_undo_is_offered_only_when_there_is_a_change_of_mine(tmp_path):
    """A receiver who has not touched the handoff saw "^z Undo mine", which could only say "nothing of yours"."""
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = kit_handoff(ben, "Kestrel Foods - pilot", "maya", clock=clock)
    ben.send(handoff)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(HandoffScreen(handoff))
        await settle(pilot)
        assert "Undo mine" not in footer_words(app)
        await pilot.press("ctrl+z")  # the key is not open: nothing is written
        await settle(pilot)
        assert len(maya.state(handoff).applied) == len(ben.state(handoff).applied)
        maya.comment(handoff, "Looking at it this afternoon.")
        app.screen.reload()
        await settle(pilot)
        assert "Undo mine" in footer_words(app)


@pytest.mark.parametrize("answer", ["accept", "return"])
async def test_undo_is_not_offered_after_an_answer(tmp_path, answer):
    """After an accept or a return, "^z Undo mine" stayed and could only say "cannot be undone":
    neither the receiver nor the sender (whose send is answered) is offered it."""
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = kit_handoff(ben, "Kestrel Foods - pilot", "maya", clock=clock)
    ben.send(handoff)
    maya.comment(handoff, "Looking at it this afternoon.")
    if answer == "accept":
        maya.accept(handoff)
    else:
        maya.return_(handoff, "No budget owner named: who signs the order?")
    for viewer in (maya, ben):
        app = BatonApp(viewer, Home(tmp_path), clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.push_screen(HandoffScreen(handoff))
            await settle(pilot)
            assert "Undo mine" not in footer_words(app), viewer.user
            assert not app.screen.check_action("undo", ())


async def test_cancel_and_upgrade_keys_work_while_typing_in_an_item(tmp_path):
    """Ctrl+X and Ctrl+U were taken by the focused field (cut; delete everything left of the cursor)."""
    from test_app_support import KIT
    from textual.widgets import Input

    from baton.tui.screens.cancel import CancelScreen

    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(HandoffScreen(handoff))
        await settle(pilot)
        field = app.screen.query_one("#item-summary #input", Input)
        field.focus()
        field.value = "Forty seats, annual"
        field.cursor_position = len(field.value)
        await pilot.press("ctrl+x")
        await settle(pilot)
        assert isinstance(app.screen, CancelScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen) and field.value == "Forty seats, annual"
        # a newer checklist: Ctrl+U upgrades, from inside a field too
        newer = KIT.replace("version = 1", "version = 2", 1)
        (tmp_path / "checklists" / "kit.toml").write_text(newer, encoding="utf-8")
        app.screen.reload()
        await settle(pilot)
        field = app.screen.query_one("#item-summary #input", Input)
        field.focus()
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert maya.state(handoff).template.version == 2


async def test_the_sync_screen_does_not_offer_f5_to_open_itself(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        words = footer_words(app)
        assert "Sync now" in words and "Sync" not in words


async def test_no_problems_is_not_said_in_red(tmp_path):
    from textual.color import Color

    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        for box in ("#sync-warnings", "#sync-problems"):
            shown = app.screen.query_one(box, Static)
            assert str(shown.render()) == "None." and shown.has_class("-none")
            assert shown.styles.color not in (Color.parse(app.theme_variables[v]) for v in ("error", "warning"))


async def test_the_local_time_note_is_never_about_the_viewer(tmp_path, monkeypatch):
    """ "it is 04:45 for Ben Carter" was shown to Ben himself: the note is for the other person only
    (here a projection that names Ben on both ends, as a merge of two replicas' reassignments can)."""
    import copy

    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = kit_handoff(maya, "Kestrel Foods - pilot", "ben", clock=clock)
    maya.send(handoff)
    real = ben.state

    def both_ends_ben(handoff_id):
        state = copy.copy(real(handoff_id))
        state.sender = "ben"
        return state

    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(HandoffScreen(handoff))
        await settle(pilot)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "it is" in summary and "for Maya" in summary  # the sender's time, to the receiver
        monkeypatch.setattr(ben, "state", both_ends_ben)
        app.screen.reload()
        await settle(pilot)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "for Ben" not in summary and "it is" not in summary


async def test_the_return_dialog_says_what_a_reason_needs_before_and_on_an_empty_one(tmp_path):
    """An empty reason gave no feedback a person noticed: core's rule is said in the empty box first,
    and again, in red, when Return is pressed with nothing typed."""
    from textual.widgets import TextArea

    from baton.core.field_rules import reason_rule
    from baton.tui.screens.answer import AnswerScreen

    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = kit_handoff(ben, "Kestrel Foods - pilot", "maya", clock=clock)
    ben.send(handoff)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(HandoffScreen(handoff))
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AnswerScreen)
        assert "two words" in str(dialog.query_one("#reason", TextArea).placeholder)
        await pilot.press("tab", "enter")  # from the empty reason to Return with reason
        await settle(pilot)
        assert app.screen is dialog
        assert reason_rule("return") in str(dialog.query_one(".error", Static).render())
    assert maya.state(handoff).status == "sent"

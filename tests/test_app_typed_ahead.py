"""A box that submits and empties is emptied the moment Enter is taken: what is typed next, with no pause, is the
next entry. A comment box emptied only once core had added the comment glued the next comment onto the first
("alpha one", then "alpha onebeta two") whenever core took longer than the next key."""

from __future__ import annotations

import threading

from test_app_everything import opened, world
from test_app_support import settle
from textual.widgets import Input

from baton.core.home import Home
from baton.tui.app import BatonApp


def held(replica, name: str) -> threading.Event:
    """Core's `name` waits until the event is set, as on a loaded machine: keys typed meanwhile come first."""
    go = threading.Event()
    call = getattr(replica, name)

    def slow(*args, **kwargs):
        go.wait(30)
        return call(*args, **kwargs)

    setattr(replica, name, slow)
    return go


async def test_two_comments_typed_without_a_pause_are_stored_as_typed(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app, handoff)
        await pilot.press("f3")
        go = held(ben, "comment")
        await pilot.press(*"alpha one", "enter", *"beta two", "enter", *"gam")
        box = screen.query_one("#comment-input", Input)
        assert box.value == "gam"  # both added ones left the box at once; the one being typed stays
        go.set()
        await settle(pilot)
        assert box.value == "gam"
    assert [c.text for c in ben.state(handoff).comments] == ["alpha one", "beta two"]


async def test_enter_twice_adds_a_comment_once(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        go = held(ben, "comment")
        await pilot.press("f3", *"alpha one", "enter", "enter")
        go.set()
        await settle(pilot)
    assert [c.text for c in ben.state(handoff).comments] == ["alpha one"]


async def test_comments_typed_all_at_once_are_stored_as_typed(tmp_path):
    """Every key at once, as a terminal hands them over: the Enter is taken in order with the letters around it."""
    from test_app_fast_typing import burst

    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("f3")
        burst(app, *"alpha one", "enter", *"beta two", "enter")
        await settle(pilot)
    assert [c.text for c in ben.state(handoff).comments] == ["alpha one", "beta two"]


async def test_a_refused_comment_comes_back_before_what_was_typed_since(tmp_path):
    from baton.core.errors import BatonError

    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app, handoff)
        go = threading.Event()

        def refused(handoff_id, text):  # core answers after the next keys are typed, and says no
            go.wait(30)
            raise BatonError("comments are closed")

        ben.comment = refused
        await pilot.press("f3", *"alpha one", "enter", *"beta")
        go.set()
        await settle(pilot)
        assert screen.query_one("#comment-input", Input).value == "alpha one beta"


async def test_a_name_typed_while_an_invitation_is_made_is_kept_for_the_next_one(tmp_path, monkeypatch):
    """The invitation fields emptied only once the code came back: a next name typed meanwhile was wiped."""
    from test_app_support import eventually

    from baton.core.team import membership
    from baton.tui.screens.team import TeamScreen
    from tests.team_support import Clock, team

    ana = team(tmp_path, Clock(start=1_900_000_000_000))["ana"]
    go = threading.Event()
    invite = membership.invite

    def slow_invite(*args, **kwargs):
        go.wait(30)
        return invite(*args, **kwargs)

    monkeypatch.setattr(membership, "invite", slow_invite)
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        await settle(pilot)
        screen = app.screen
        name = screen.query_one("#invite-user", Input)
        await pilot.press(*"cleo", "enter", *"onboarding", "enter", "enter", "shift+tab", "shift+tab", *"dana")
        assert name.value == "dana" and screen.query_one("#invite-stages", Input).value == ""
        go.set()
        await eventually(pilot, lambda: "baton1." in str(screen.query_one("#team-code").render()))
        await settle(pilot)
        assert name.value == "dana"
    invited = [i.user for i in ana.store.roster().invites.values()]
    assert "cleo" in invited and "dana" not in invited


async def test_a_refused_invitation_puts_its_name_and_stages_back(tmp_path):
    from test_app_support import eventually

    from baton.tui.screens.team import TeamScreen
    from tests.team_support import Clock, team

    ana = team(tmp_path, Clock(start=1_900_000_000_000))["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        await settle(pilot)
        screen = app.screen
        await pilot.press(*"ben", "enter", *"onboarding", "enter", "enter")  # ben is on the team already
        await eventually(pilot, lambda: screen.query_one("#team-error").display)
        assert screen.query_one("#invite-user", Input).value == "ben"
        assert screen.query_one("#invite-stages", Input).value == "onboarding"


async def test_days_away_typed_while_the_last_ones_are_recorded_are_kept(tmp_path):
    from test_app_team_hours import open_dialog, pick
    from test_app_team_hours_stay import said

    from baton.core.team import membership
    from tests.team_support import Clock, team

    ana = team(tmp_path, Clock())["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(pilot, app)
        await pick(pilot, dialog, "ben")
        go = threading.Event()
        away = membership.away

        def slow_away(*args, **kwargs):
            go.wait(30)
            return away(*args, **kwargs)

        membership.away = slow_away
        try:
            dialog.query_one("#away-from", Input).focus()
            await pilot.press(*"2030-12-01", "enter", *"2030-12-10", "enter", *"winter", "enter")
            await pilot.press("shift+tab", "shift+tab", *"2031-02-01")
            assert dialog.query_one("#away-from", Input).value == "2031-02-01"
            go.set()
            await settle(pilot)
        finally:
            membership.away = away
        assert said(dialog) == "✓ ben: away 2030-12-01 to 2030-12-10"
        assert dialog.query_one("#away-from", Input).value == "2031-02-01"
        assert dialog.query_one("#away-to", Input).value == ""


async def test_refused_days_away_come_back_to_be_fixed(tmp_path):
    from test_app_team_hours import open_dialog, pick
    from test_app_team_hours_stay import said

    from tests.team_support import Clock, team

    ana = team(tmp_path, Clock())["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(pilot, app)
        await pick(pilot, dialog, "ben")
        dialog.query_one("#away-from", Input).focus()
        await pilot.press(*"2030-12-10", "enter", *"2030-12-01", "enter", *"winter", "enter")
        await settle(pilot)
        assert said(dialog).startswith("✗")
        values = [dialog.query_one(f, Input).value for f in ("#away-from", "#away-to", "#away-reason")]
        assert values == ["2030-12-10", "2030-12-01", "winter"]

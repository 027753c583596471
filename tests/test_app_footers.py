"""Every screen's footer fits 80 columns for every viewer: each key it shows is whole, before the palette key.

A key cut under the palette ("f5▏^p palette") is a key the person never learns of. The
viewers: the sender of a draft, the receiver of a sent handoff (who has accept/return),
a lead (who may also waive and reassign), and a member looking at work that is not theirs.
What does not fit is still in the command palette (Ctrl+P) and the help (?).
"""

from __future__ import annotations

import pytest
from test_app_support import FrozenClock, kit_handoff, settle, team
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from baton.core.config import Config
from baton.core.home import Home
from baton.core.replica import Replica
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen

SIZE = (80, 24)


def footer_problems(app: BatonApp) -> list[str]:
    """Each shown key that does not fit whole before the palette key (or the screen's edge)."""
    screen = app.screen
    footers = list(screen.query(Footer))
    if not footers:
        return []
    keys = list(footers[0].query(FooterKey))
    palette = [k for k in keys if k.has_class("-command-palette")]
    edge = palette[0].region.x if palette else SIZE[0]
    shown = [k for k in keys if not k.has_class("-command-palette")]
    return [
        f"{type(screen).__name__}: {k.key_display} {k.description} at {k.region}"
        for k in shown
        if k.region.width == 0 or k.region.right > edge
    ]


def shown_keys(app: BatonApp) -> list[str]:
    footer = app.screen.query_one(Footer)
    return [k.description for k in footer.query(FooterKey) if not k.has_class("-command-palette")]


def world(tmp_path, lead: bool):
    """Maya's draft to Ben, Ben's sent handoff to Maya, and Priya, who has neither."""
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock, lead=lead)
    draft = kit_handoff(maya, "Birch Partners - renewal", "ben", skip=("crm", "seats"), due="2025-11-28", clock=clock)
    sent = kit_handoff(ben, "Kestrel Foods - pilot, 3 sites", "maya", clock=clock)
    ben.send(sent)
    priya = Replica(
        Home(tmp_path),
        Config(user="priya", display_name="Priya Raman", tz="Asia/Singapore", replica_id="c0c0c0c0c0c0c0c0"),
        maya.store,
        wall=clock,
    )
    return clock, {"maya": maya, "ben": ben, "priya": priya}, {"draft": draft, "sent": sent}


VIEWS = [
    ("maya", "draft"),  # the sender of a draft (a lead too: waive, reassign)
    ("ben", "draft"),  # the receiver-to-be of a draft: nothing to do yet
    ("maya", "sent"),  # the receiver: accept / return, reassign
    ("ben", "sent"),  # the sender of a sent handoff: undo (recall)
    ("priya", "sent"),  # a member with nothing to do
]


@pytest.mark.parametrize("lead", [False, True], ids=["member", "lead"])
@pytest.mark.parametrize(("viewer", "which"), VIEWS)
async def test_the_handoff_footer_fits_80_columns(tmp_path, lead, viewer, which):
    clock, people, handoffs = world(tmp_path, lead)
    app = BatonApp(people[viewer], Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(HandoffScreen(handoffs[which]))
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        assert footer_problems(app) == []
        assert "Back" in shown_keys(app)


@pytest.mark.parametrize("lead", [False, True], ids=["member", "lead"])
@pytest.mark.parametrize("viewer", ["maya", "ben", "priya"])
async def test_every_other_screens_footer_fits_80_columns(tmp_path, lead, viewer):
    clock, people, _ = world(tmp_path, lead)
    app = BatonApp(people[viewer], Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        problems = footer_problems(app)
        for key in ("f5", "f6", "ctrl+d"):
            await pilot.press(key)
            await settle(pilot)
            problems += footer_problems(app)
            await pilot.press("escape")
            await settle(pilot)
        assert problems == []


async def test_the_first_run_footer_fits_80_columns(tmp_path):
    from baton.tui.screens.first_run import FirstRunScreen

    app = BatonApp(None, Home(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        assert footer_problems(app) == []


async def test_the_home_footer_names_f5_for_what_it_opens(tmp_path):
    """F5 opens the sync screen (its `s` syncs): the footer said "Sync"."""
    clock, people, _ = world(tmp_path, lead=False)
    app = BatonApp(people["maya"], Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Sync status" in shown_keys(app) and "Sync" not in shown_keys(app)
        assert footer_problems(app) == []


@pytest.mark.parametrize("key", ["question_mark", "n"])
async def test_the_help_and_the_new_handoff_form_say_how_to_leave(tmp_path, key):
    """Neither had a footer: no Esc hint anywhere on them."""
    clock, people, _ = world(tmp_path, lead=False)
    app = BatonApp(people["maya"], Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        escape = [k for k in footer.query(FooterKey) if k.key == "escape"]
        assert escape and escape[0].description in ("Close", "Cancel")
        assert footer_problems(app) == []


async def test_team_dashboard_and_cancel_keys_are_named_at_the_queue(tmp_path):
    """F6, Ctrl+D and Ctrl+X worked but were named nowhere a person at the queue would look."""
    from baton.tui.screens.help import HELP

    clock, people, _ = world(tmp_path, lead=True)
    app = BatonApp(people["maya"], Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert "F6" in commands["Team"]
        assert "Ctrl+D" in commands["Lead dashboard"]
        assert "Screenshot" not in commands  # Textual's would write an SVG into the folder baton was started in
    queue_section = HELP.split("Queues (home)")[1].split("\nHandoff\n")[0]
    assert "F6" in queue_section and "Ctrl+D" in queue_section
    assert "Ctrl+X" in HELP.split("\nHandoff\n")[1].split("\nSync (F5)")[0]

"""The Team screen's stages, hours and days away: a lead sets anyone's, a member their own.

Whom the dialog offers, and whether stages may change, is core's answer (core/team/allowed.py,
the same functions the roster's rules call); the change is `baton team set` / `team away`'s
own core call, and a refusal is said in the dialog, which stays open with what was typed.
"""

from __future__ import annotations

from test_app_support import FrozenClock, eventually, settle
from test_app_support import team as pre_team
from test_app_team_changes import open_team
from textual.widgets import Input, OptionList, Static

from baton.core.home import Home
from baton.core.team.allowed import member_choices
from baton.tui.app import BatonApp
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.member_hours import MemberHoursScreen
from baton.tui.screens.team import TeamScreen
from tests.team_support import Clock, team

SIZE = (80, 24)


async def open_dialog(pilot, app) -> MemberHoursScreen:
    screen = await open_team(pilot, app)
    await eventually(pilot, lambda: screen.query_one("#member-hours").display)
    await pilot.click("#member-hours")
    await eventually(pilot, lambda: isinstance(app.screen, MemberHoursScreen))
    await settle(pilot)
    return app.screen


async def pick(pilot, dialog: MemberHoursScreen, user: str) -> None:
    people = dialog.query_one("#person", OptionList)
    people.focus()
    people.highlighted = next(i for i in range(people.option_count) if people.get_option_at_index(i).id == user)
    await pilot.press("enter")
    await settle(pilot)


def test_core_offers_a_lead_everyone_and_a_member_only_themself_without_stages(tmp_path):
    people = team(tmp_path, Clock(), members=("ben", "cleo"))
    lead = member_choices(people["ana"].store.roster(), "ana")
    assert [c.user for c in lead] == ["ana", "ben", "cleo"]
    assert all(c.stages_problem is None for c in lead)
    ben = member_choices(people["ben"].store.roster(), "ben")
    assert [c.user for c in ben] == ["ben"]
    assert ben[0].stages == ("beta",) and ben[0].stages_problem == "only a lead can change roles and stages"


async def test_a_lead_sets_a_members_stages_and_hours_from_the_team_screen(tmp_path):
    people = team(tmp_path, Clock())
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app)
        await pick(pilot, dialog, "ben")
        assert app.focused is dialog.query_one("#stages", Input) and app.focused.value == "beta"
        await pilot.press("ctrl+u", *"onboarding, delivery", "enter", *"mon-fri 08:00-16:00", "enter")
        status = dialog.query_one(".error", Static)
        await eventually(pilot, lambda: "✓" in str(status.render()))
        assert str(status.render()) == "✓ ben: stages onboarding, delivery; hours mon-fri 08:00-16:00"
        assert app.screen is dialog  # open for their days away; saved, so closing asks nothing
        await pilot.press("escape")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        await settle(pilot)
        ben = ana.store.roster().member("ben")
        assert ben is not None and ben.stages == ("onboarding", "delivery") and ben.hours == "mon-fri 08:00-16:00"
        roster = str(app.screen.query_one("#team-roster", Static).render())
        assert "hours mon-fri 08:00-16:00" in roster


async def test_days_away_refused_say_why_in_the_fields_words_and_stay_to_be_fixed(tmp_path):
    people = team(tmp_path, Clock())
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app)
        await pick(pilot, dialog, "ben")
        dialog.query_one("#away-from", Input).focus()
        await pilot.press(*"2030-12-20", "enter", *"2030-12-10", "enter", *"winter break", "enter")
        error = dialog.query_one(".error", Static)
        await eventually(pilot, lambda: "✗" in str(error.render()))
        assert str(error.render()) == "✗ the last day 2030-12-10 is before the first day 2030-12-20"
        assert app.screen is dialog and app.focused is dialog.query_one("#away-from", Input)
        assert ana.store.roster().member("ben").away == ()  # nothing written
        await pilot.press("ctrl+u", *"2030-12-01", "enter", "enter", "enter")  # the last day and why are kept
        await eventually(pilot, lambda: str(error.render()) == "✓ ben: away 2030-12-01 to 2030-12-10")
        assert ana.store.roster().member("ben").away == (("2030-12-01", "2030-12-10", "winter break"),)
        assert [dialog.query_one(f"#{f}", Input).value for f in ("away-from", "away-to", "away-reason")] == [""] * 3


async def test_a_member_changes_their_own_hours_and_is_told_why_not_their_stages(tmp_path):
    people = team(tmp_path, Clock())
    ben = people["ben"]
    app = BatonApp(ben, ben.home)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app)
        assert dialog.query_one("#person", OptionList).option_count == 1
        stages = dialog.query_one("#stages", Input)
        assert stages.disabled and stages.value == "beta"
        note = dialog.query_one("#stages-note", Static)
        assert note.display and str(note.render()) == "only a lead can change roles and stages"
        assert note.region.right <= SIZE[0]
        dialog.query_one("#hours", Input).focus()
        await pilot.press(*"mon-thu 10:00-18:00", "enter")
        await eventually(pilot, lambda: "✓" in str(dialog.query_one(".error", Static).render()))
        assert ben.store.roster().member("ben").hours == "mon-thu 10:00-18:00"


async def test_quitting_with_days_typed_in_the_dialog_asks_first(tmp_path):
    people = team(tmp_path, Clock())
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app)
        dialog.query_one("#away-from", Input).focus()
        await pilot.press(*"2030-12-01", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and app.is_running
        assert app.screen.body == "What you typed here is not saved."
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert app.screen is dialog and app.focused is dialog.query_one("#away-from", Input)


async def test_the_dialog_fits_80x24_from_its_title_to_its_last_button(tmp_path):
    people = team(tmp_path, Clock(), members=("ben", "cleo", "dan", "eve"))
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app)
        dialog.query_one(".error", Static).update("✗ a refusal as long as core's longest, on one line or two here")
        await settle(pilot)
        for part in (
            "#dialog-title",
            "#person",
            "#stages",
            "#hours",
            "#save",
            "#away-to",
            "#away",
            "#cancel",
            ".error",
        ):
            region = dialog.query_one(part).region
            assert region.height > 0 and region.y >= 0 and region.bottom <= SIZE[1] and region.right <= SIZE[0], part


async def test_before_a_team_the_screen_shows_whom_routing_reads_and_offers_no_key_to_change_it(tmp_path):
    from datetime import date

    from baton.core.members import add_away, set_profile

    clock = FrozenClock()
    maya, _ = pre_team(tmp_path, clock)
    set_profile(maya.store, "ben", stages=["onboarding"], hours="mon-thu 08:00-16:00")
    add_away(maya.store, "ben", date(2030, 12, 21), date(2031, 1, 4), "winter break")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot, app)
        assert not screen.query_one("#member-hours").display
        assert "member_hours" not in [b.binding.action for b in screen.active_bindings.values() if b.enabled]
        lines = str(screen.query_one("#team-roster", Static).render()).splitlines()
        assert "Teammates this copy knows (its own settings until a team is founded):" in lines
        ben = lines.index(next(line for line in lines if line.startswith("ben ")))
        assert "Ben Carter" in lines[ben] and "stages: onboarding" in lines[ben]
        assert lines[ben + 1].strip() == (
            "hours mon-thu 08:00-16:00; tz America/New_York; away 2030-12-21 to 2031-01-04 (winter break)"
        )
        assert all(len(line) <= SIZE[0] - 2 for line in lines[ben : ben + 1])  # a head line fits 80 columns

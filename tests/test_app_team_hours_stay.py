"""The team screen's dialog for stages, hours and days away stays open once a change is written, saying so, and
lists each spell of days away recorded, to take one back through `baton team away --cancel`'s core call.

Saving stages and hours used to close the dialog: a lead who meant to record days away as well opened it again;
and days away once recorded could not be taken back in the app at all.
"""

from __future__ import annotations

from test_app_support import eventually, settle
from test_app_team_hours import SIZE, open_dialog, pick
from textual.widgets import Button, Input, Label, OptionList, Static

from baton.core.team import membership
from baton.tui.app import BatonApp
from baton.tui.screens.team import TeamScreen
from tests.team_support import Clock, team


def said(dialog) -> str:
    return str(dialog.query_one(".error", Static).render())


def listed(dialog) -> list[str]:
    spells = dialog.query_one("#spells", OptionList)
    return [str(spells.get_option_at_index(i).prompt) for i in range(spells.option_count)]


async def test_saved_hours_keep_the_dialog_open_for_the_days_away(tmp_path):
    ana = team(tmp_path, Clock())["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app)
        await pick(pilot, dialog, "ben")
        await pilot.press("enter", *"mon-fri 08:00-16:00", "enter")  # past the stages, the hours, saved
        await eventually(pilot, lambda: said(dialog).startswith("✓"))
        assert app.screen is dialog and said(dialog) == "✓ ben: hours mon-fri 08:00-16:00"
        assert dialog.query_one(".error", Static).has_class("-done")
        assert dialog.query_one("#hours", Input).value == "mon-fri 08:00-16:00"
        assert dialog.chosen().hours == "mon-fri 08:00-16:00"  # as the roster holds it now
        assert str(dialog.query_one("#spells-label", Label).render()) == "No days away recorded."
        dialog.query_one("#away-from", Input).focus()
        await pilot.press(*"2030-12-01", "enter", *"2030-12-10", "enter", *"winter break", "enter")
        await eventually(pilot, lambda: said(dialog) == "✓ ben: away 2030-12-01 to 2030-12-10")
        assert listed(dialog) == ["2030-12-01 to 2030-12-10"]
        ben = ana.store.roster().member("ben")
        assert ben is not None and ben.hours == "mon-fri 08:00-16:00"
        assert ben.away == (("2030-12-01", "2030-12-10", "winter break"),)
        await pilot.press("escape")  # all of it saved: closes without asking
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        await eventually(pilot, lambda: "away 2030-12-01" in str(app.screen.query_one("#team-roster").render()))


async def test_each_spell_of_days_away_can_be_taken_back(tmp_path):
    ana = team(tmp_path, Clock())["ana"]
    membership.away(ana, "ben", "2030-12-01", "2030-12-10", reason="winter break")
    membership.away(ana, "ben", "2031-02-01", "2031-02-02")
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app)
        await pick(pilot, dialog, "ben")
        assert listed(dialog) == ["2030-12-01 to 2030-12-10", "2031-02-01 to 2031-02-02"]
        take_back = dialog.query_one("#take-back", Button)
        assert take_back.region.bottom <= SIZE[1] and dialog.query_one("#spells").region.bottom <= SIZE[1]
        dialog.query_one("#spells", OptionList).focus()
        await pilot.press("down", "enter")  # picks the second spell, and moves to the button
        assert app.focused is take_back
        await pilot.press("enter")
        await eventually(pilot, lambda: said(dialog) == "✓ ben: no longer away 2031-02-01 to 2031-02-02")
        assert ana.store.roster().member("ben").away == (("2030-12-01", "2030-12-10", "winter break"),)
        assert listed(dialog) == ["2030-12-01 to 2030-12-10"] and app.screen is dialog
        membership.away(ana, "ben", "2030-12-01", "2030-12-10", cancel=True)  # taken back meanwhile, elsewhere
        # Textual lets a button's second press go while its first still shows (`-active`, a fifth of a second)
        await eventually(pilot, lambda: not take_back.has_class("-active"))
        await pilot.press("enter")
        await eventually(pilot, lambda: said(dialog).startswith("✗"))
        assert said(dialog) == "✗ ben has no days away from 2030-12-01 to 2030-12-10 to take back (none are recorded)"
        await pilot.press("escape")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))


async def test_the_last_spell_taken_back_leaves_no_list_and_the_focus_on_the_days(tmp_path):
    ana = team(tmp_path, Clock())["ana"]
    membership.away(ana, "ben", "2030-12-01", "2030-12-10")
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app)
        await pick(pilot, dialog, "ben")
        dialog.query_one("#take-back", Button).focus()
        await pilot.press("enter")
        await eventually(pilot, lambda: said(dialog).startswith("✓"))
        await settle(pilot)
        assert ana.store.roster().member("ben").away == ()
        assert not dialog.query_one("#spells").display and not dialog.query_one("#take-back").display
        assert str(dialog.query_one("#spells-label", Label).render()) == "No days away recorded."
        assert app.focused is dialog.query_one("#away-from", Input)

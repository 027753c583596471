"""The app's days-away fields take the days `baton away` and `baton team away` take: `tomorrow`, `fri`, `2w`.

Typed `tomorrow` in the app, a lead read "not a day (YYYY-MM-DD)" where the command line a moment earlier took
the same word. Both now read a day through core's `away_day`, in the away person's own calendar: `tomorrow`
for a teammate in Tokyo is their tomorrow, not the lead's.
"""

from __future__ import annotations

from test_app_support import eventually
from test_app_team_hours import SIZE, open_dialog, pick
from textual.widgets import Input, Static

from baton.core.due_words import WORDS_HINT
from baton.core.home import Home
from baton.core.members import away_day
from baton.core.replica import Replica
from baton.core.team import membership
from baton.tui.app import BatonApp
from tests.team_support import Clock, trade

FRIDAY_AFTERNOON = 1_763_740_000_000
"""Friday 21 Nov 2025, 15:46 UTC (the lead's zone): already Saturday 00:46 in Tokyo (the member's)."""


def tokyo_team(root) -> dict[str, Replica]:
    """Ana leads from UTC; Ben joined from Tokyo, where it is already the next day."""
    clock = Clock(FRIDAY_AFTERNOON)
    people = {}
    for user, tz, role in (("ana", "UTC", "lead"), ("ben", "Asia/Tokyo", "member")):
        home = Home(root / user)
        Replica.init(home, user, role=role, tz=tz).close()
        membership.device_key(home)
        people[user] = Replica.open(home, wall=clock)
    membership.found(people["ana"])
    code = membership.invite(people["ana"], "ben", stages=["beta"])
    trade(people["ana"], people["ben"])
    membership.join(people["ben"], code)
    trade(*people.values())
    return people


def test_a_day_word_names_the_day_in_the_away_persons_calendar(tmp_path) -> None:
    ana = tokyo_team(tmp_path)["ana"]
    assert away_day(ana, "ana", "tomorrow") == "2025-11-22"  # Saturday in UTC
    assert away_day(ana, "ben", "tomorrow") == "2025-11-23"  # Sunday in Tokyo
    assert away_day(ana, "ben", " fri ") == "2025-11-28"
    assert away_day(ana, "ben", "2025-12-01") == "2025-12-01"
    assert away_day(ana, "ben", " someday ") == "someday"  # for check_away to refuse


async def test_a_lead_records_days_away_in_words_and_reads_the_days_they_named(tmp_path) -> None:
    people = tokyo_team(tmp_path)
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app)
        await pick(pilot, dialog, "ben")
        dialog.query_one("#away-from", Input).focus()
        await pilot.press(*"tomorrow", "enter", *"fri", "enter", *"conference", "enter")
        status = dialog.query_one(".error", Static)
        await eventually(pilot, lambda: "✓" in str(status.render()))
        assert ana.store.roster().member("ben").away == (("2025-11-23", "2025-11-28", "conference"),)
        said = str(status.render())  # in the dialog, open for more
        assert said == "✓ ben: away 2025-11-23 to 2025-11-28"  # the days the words named, to see they are meant


async def refused_days(pilot, app, first: str, last: str):
    """Ben's days away typed in the dialog and recorded, until core's refusal shows: (the dialog, its error)."""
    dialog = await open_dialog(pilot, app)
    await pick(pilot, dialog, "ben")
    dialog.query_one("#away-from", Input).focus()
    await pilot.press(*first, "enter", *last, "enter", "enter")
    error = dialog.query_one(".error", Static)
    await eventually(pilot, lambda: "✗" in str(error.render()))
    return dialog, error


async def test_a_word_that_names_no_day_is_refused_with_the_words_that_do_and_nothing_is_written(tmp_path) -> None:
    people = tokyo_team(tmp_path)
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        dialog, error = await refused_days(pilot, app, "someday", "fri")
        assert str(error.render()) == f"✗ the first day 'someday' is not a day (use {WORDS_HINT})"
        assert app.screen is dialog and app.focused is dialog.query_one("#away-from", Input)
        assert dialog.query_one("#away-to", Input).value == "fri"  # kept, to fix the one word
        assert ana.store.roster().member("ben").away == ()
        assert error.region.bottom <= SIZE[1] and error.region.right <= SIZE[0]


async def test_a_refused_last_day_puts_the_cursor_in_the_last_day_field(tmp_path) -> None:
    """The first day is fine: the fix is typed in the last day's field, where the cursor goes."""
    people = tokyo_team(tmp_path)
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        dialog, error = await refused_days(pilot, app, "tomorrow", "someday")
        assert str(error.render()).startswith("✗ the last day 'someday' is not a day")
        assert app.screen is dialog and app.focused is dialog.query_one("#away-to", Input)
        await pilot.press("ctrl+u", *"fri", "enter", "enter")
        await eventually(pilot, lambda: "✓" in str(error.render()))
        assert ana.store.roster().member("ben").away == (("2025-11-23", "2025-11-28", ""),)

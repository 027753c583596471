"""A waiver's or a cancellation's reason must say something, as a return's must: "see Slack" or "TBD" is
refused in one line and nothing is written, from the command line and from the app's dialogs.

A waiver's reason is what the receiver reads where a required answer should be, and a cancellation's is
what both people read about why the work stopped; "see Slack" there sends them to chase each other."""

from __future__ import annotations

import pytest
from conftest import CliTeam, dump
from test_app_everything import opened, world
from test_app_support import FrozenClock, eventually, settle, status_of, team
from textual.widgets import Input, Static, TextArea

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.cancel import CancelScreen
from baton.tui.screens.waive import WaiveScreen

PLACEHOLDERS = ["see Slack", "TBD TBD", "n/a, n/a", "ask Tom"]


@pytest.mark.parametrize("reason", PLACEHOLDERS)
def test_a_placeholder_waiver_is_refused_in_one_line_and_nothing_changes(cli_team: CliTeam, reason):
    handoff = cli_team.replica("ana").create("relay", "Acme — 40 seats", "ben")
    before = dump(cli_team.home)
    result = cli_team("lea", "waive", handoff, "summary", "--reason", reason)
    assert result.returncode == 1, (result.stdout, result.stderr)
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"baton: the reason “{reason}” does not say why the receiver can do without it")
    assert dump(cli_team.home) == before


@pytest.mark.parametrize("reason", PLACEHOLDERS)
def test_a_placeholder_cancellation_is_refused_in_one_line_and_nothing_changes(cli_team: CliTeam, reason):
    handoff = cli_team.replica("ana").create("relay", "Acme — 40 seats", "ben")
    before = dump(cli_team.home)
    result = cli_team("ana", "cancel", handoff, "--reason", reason)
    assert result.returncode == 1, (result.stdout, result.stderr)
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"baton: the reason “{reason}” does not say why the work stops")
    assert dump(cli_team.home) == before


def test_reasons_that_say_something_are_taken(cli_team: CliTeam):
    handoff = cli_team.replica("ana").create("relay", "Acme — 40 seats", "ben")
    waived = cli_team("lea", "waive", handoff, "summary", "--reason", "Ben wrote the summary himself, see Slack")
    assert waived.returncode == 0, waived.stderr
    cancelled = cli_team("ana", "cancel", handoff, "--reason", "The client chose a competitor")
    assert cancelled.returncode == 0, cancelled.stderr
    state = cli_team.replica("ana").state(handoff)
    assert state.status == "cancelled" and state.waivers["summary"][0] == "Ben wrote the summary himself, see Slack"


async def test_the_cancel_dialog_says_the_refusal_and_stays_open(tmp_path):
    clock, maya, _, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CancelScreen)
        dialog.query_one("#reason", TextArea).text = "see Slack"
        await pilot.click("#confirm")
        await settle(pilot)
        error = dialog.query_one(".error", Static)
        await eventually(pilot, lambda: "does not say why the work stops" in str(error.render()))
        assert app.screen is dialog and status_of(maya, handoff) == "draft"


async def test_the_waive_dialog_says_the_refusal_and_stays_open(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, WaiveScreen)
        dialog.query_one("#reason", Input).value = "see Slack"
        await pilot.click("#waive")
        await settle(pilot)
        error = dialog.query_one(".error", Static)
        await eventually(pilot, lambda: "does not say why the receiver can do without it" in str(error.render()))
        assert app.screen is dialog and maya.state(handoff).waivers == {}

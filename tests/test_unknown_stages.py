"""A stage given to a teammate that no checklist moves work to or from is said, with the stage it is one
slip from: a lead who typed `delivry` made a teammate nothing was ever routed to, without a word.

The stage is still kept (a team may name a stage before its checklist), so these are notes, not refusals:
the command exits 0 and writes what it was asked to; the note is one line on stderr."""

from __future__ import annotations

import pytest
from test_app_support import eventually, settle
from test_team_cli import Team
from textual.widgets import Input, Static

from baton.core.unknown_stages import unknown_stages_note
from baton.tui.app import BatonApp
from baton.tui.screens.team import TeamScreen
from tests.team_support import Clock, team


@pytest.fixture
def crew(tmp_path) -> Team:
    crew = Team(tmp_path)
    crew.found()
    return crew


def test_an_invitation_for_a_misspelt_stage_is_made_and_the_typo_is_named(crew):
    result = crew("ana", "team", "invite", "ben", "--stage", "delivry")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("baton1.")  # the code is still the last line
    [note] = [line for line in result.stderr.splitlines() if "checklist" in line]
    assert note.startswith("note: no checklist moves work to or from the stage 'delivry' (did you mean delivery?)")


def test_a_known_stage_gets_no_note(crew):
    result = crew("ana", "team", "invite", "ben", "--stage", "delivery", "--stage", "onboarding")
    assert result.exit_code == 0
    assert "checklist" not in result.stderr


def test_team_set_names_every_unknown_stage_after_saying_what_it_set(crew):
    result = crew("ana", "team", "set", "ana", "--stage", "onbording", "--stage", "sales", "--stage", "legal")
    assert result.exit_code == 0, result.stderr
    assert "stages: onbording, sales, legal" in result.stdout  # kept as given
    [note] = result.stderr.splitlines()
    assert "the stages 'onbording' (did you mean onboarding?) and 'legal':" in note
    assert "no handoff is routed there" in note


def test_a_stage_another_member_receives_for_is_known(tmp_path):
    people = team(tmp_path, Clock())
    ana = people["ana"]
    assert unknown_stages_note(ana, "cleo", ["beta"]) is None  # ben receives for beta: no checklist needed
    assert unknown_stages_note(ana, "ben", ["beta"]) is not None  # but ben's own stage does not vouch for itself
    assert unknown_stages_note(ana, "cleo", ["delivery", "sales"]) is None


async def test_the_team_screen_names_a_misspelt_stage_above_the_code(tmp_path):
    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        screen = app.screen
        screen.query_one("#invite-user", Input).value = "cleo"
        screen.query_one("#invite-stages", Input).value = "delivry"
        screen.query_one("#invite-member").focus()
        await pilot.press("enter")
        code_box = screen.query_one("#team-code", Static)
        await eventually(pilot, lambda: "baton1." in str(code_box.render()))
        lines = str(code_box.render()).splitlines()
        assert lines[0].startswith("Note: no checklist moves work to or from the stage 'delivry'")
        assert "did you mean delivery?" in lines[0]
        assert lines[-1].startswith("baton1.")


async def test_the_stages_dialog_saves_a_misspelt_stage_and_names_it(tmp_path):
    from test_app_team_hours import open_dialog, pick

    people = team(tmp_path, Clock())
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        await pick(pilot, dialog, "ben")
        await pilot.press("ctrl+u", *"delivry", "enter", "enter")
        status = dialog.query_one(".error", Static)
        await eventually(pilot, lambda: "✓" in str(status.render()))
        said = " ".join(str(status.render()).split())  # on the dialog's last line, wrapped
    assert ana.store.roster().member("ben").stages == ("delivry",)
    assert said.startswith("✓ ben: stages delivry. Note: no checklist moves work to or from the stage 'delivry'")
    assert "did you mean delivery?" in said

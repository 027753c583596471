"""A due date is a day that is not over yet: one rule in core, met by `new`, the app's form and sync alike.

A command judges it in its author's zone at the moment it writes; an event that arrives
through sync is judged at its own time (never the reader's clock), counting a day as
over only once it is over everywhere, so every replica folds it the same way.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from conftest import Team
from hypothesis import given
from hypothesis import strategies as st
from test_app_flow import pick
from test_app_support import T0, FrozenClock, settle, team
from test_cli import refused

from baton.core.field_rules import due_problem
from baton.core.home import Home
from baton.core.ids import new_id
from baton.core.projection import fold
from baton.tui.app import BatonApp
from baton.tui.screens.new_handoff import NewHandoffScreen

HOUR = 3_600_000


def at(text: str) -> int:
    """UTC ms of an ISO moment written in UTC."""
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp() * 1000)


def test_a_day_already_over_is_refused_in_the_authors_zone() -> None:
    now = at("2026-11-30T10:00")
    assert "is in the past (today is 2026-11-30)" in (due_problem("2026-11-29", now, "Europe/Berlin") or "")
    assert due_problem("2026-11-30", now, "Europe/Berlin") is None  # today is still open
    assert due_problem("2026-12-01", now, "Europe/Berlin") is None
    # 23:30 in Honolulu on the 29th is already the 30th in UTC: the 29th is still today there
    late = at("2026-11-30T09:30")
    assert due_problem("2026-11-29", late, "Pacific/Honolulu") is None
    assert due_problem("2026-11-29", late, "Asia/Tokyo") is not None


def test_without_a_zone_a_day_counts_as_over_once_it_is_over_everywhere() -> None:
    assert due_problem("2026-11-29", at("2026-11-30T11:59")) is None  # still the 29th at UTC-12
    assert "in the past" in (due_problem("2026-11-29", at("2026-11-30T12:00")) or "")


def test_the_form_is_checked_before_the_day() -> None:
    assert "not in the form YYYY-MM-DD" in (due_problem("next week", at("2026-11-30T10:00"), "UTC") or "")
    assert "has no day 30" in (due_problem("2026-02-30", at("2026-11-30T10:00"), "UTC") or "")
    assert due_problem(None, at("2026-11-30T10:00"), "UTC") is None
    assert due_problem("2001-01-01") is None  # no moment given: only the form is judged


ZONES = ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/New_York", "Asia/Kolkata", "Etc/GMT+12"]


@given(
    moment=st.integers(min_value=at("2000-01-01T00:00"), max_value=at("2090-01-01T00:00")),
    offset=st.integers(min_value=-3, max_value=3),
    zone=st.sampled_from(ZONES),
)
def test_whatever_a_command_accepts_every_replica_accepts(moment: int, offset: int, zone: str) -> None:
    """The author's zone is stricter than the everywhere rule, never looser: no replica refuses a local write."""
    day = (datetime.fromtimestamp(moment / 1000, UTC) + timedelta(days=offset)).strftime("%Y-%m-%d")
    if due_problem(day, moment, zone) is None:
        assert due_problem(day, moment) is None


def created(team: Team, due: str, when: int) -> dict:
    template = team["ana"].catalog().get("relay").template.as_dict()
    event = team["ana"]._event(
        new_id(), "created", {"template": template, "title": "Acme deal", "to": "ben", "due": due}
    )
    row = event.model_dump()
    row["at"] = when
    return row


def test_a_synced_creation_is_judged_at_its_own_time_not_the_readers(team: Team) -> None:
    written = at("2026-12-10T10:00")
    # due the next day when it was written: it applies, however long ago that was for the reader
    fine = created(team, "2026-12-11", written)
    assert fold(fine["handoff"], [fine]).due == "2026-12-11"
    # already over everywhere when it was written: kept in the log as a conflict, on every replica alike
    late = created(team, "2026-12-08", written)
    state = fold(late["handoff"], [late])
    assert not state.exists
    assert "due date 2026-12-08 is in the past" in state.conflicts[0].reason


def test_a_creation_written_before_the_rule_keeps_its_date(team: Team) -> None:
    """Folding history again (a new layout, a new event) never makes a handoff a replica showed vanish."""
    old = created(team, "2025-11-01", at("2025-11-21T10:00"))
    assert fold(old["handoff"], [old]).due == "2025-11-01"


def test_new_refuses_a_past_due_date_in_one_line(cli_team) -> None:
    line = refused(cli_team, "ana", 1, "new", "relay", "--title", "Acme deal", "--to", "ben", "--due", "2020-01-01")
    assert line.startswith("baton: due date 2020-01-01 is in the past (today is ")


def test_new_from_json_refuses_a_past_due_date(cli_team, tmp_path) -> None:
    request = tmp_path / "deal.json"
    request.write_text(json.dumps({"template": "relay", "title": "Acme deal", "to": "ben", "due": "2020-01-01"}))
    refused(cli_team, "ana", 1, "new", "--from-json", request, match="is in the past")


async def test_the_new_handoff_form_says_a_past_due_date_and_creates_nothing(tmp_path) -> None:
    clock = FrozenClock(T0)  # 2025-11-21 10:00 UTC
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewHandoffScreen)
        await pilot.press(*"every kind", "enter", *"Acme - 40 seats")
        await pick(pilot, "#to", "Ben Carter")
        app.screen.query_one("#due").value = "2025-11-20"
        app.screen.query_one("#due").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NewHandoffScreen)
        error = str(app.screen.query_one(".error").render())
        assert "due date 2025-11-20 is in the past (today is 2025-11-21)" in error
        assert maya.store.query("SELECT COUNT(*) FROM handoffs").fetchone()[0] == 0

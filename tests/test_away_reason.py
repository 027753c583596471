"""Why someone is away is kept in the roster, with the days, and said wherever the absence is.

`away --reason` used to stay in the event's payload only: the roster kept the days, so the note a sender
got (`new`, `reassign`, `send`), `team`, `teammates`, the app's team screen and a stand-in's route all said
"away until Thu 1 Jan" and never why.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from cli_support import baton
from conftest import GOOD_VALUES, write_relay
from hypothesis import given
from hypothesis import strategies as st
from team_support import Clock, team, trade

from baton.core.errors import InvalidValue
from baton.core.hlc import now_ms
from baton.core.hours import Away, Member
from baton.core.members import away_reason
from baton.core.routing import StageRule, route
from baton.core.team import membership
from baton.core.team.changes import _text

FAR = ("2026-01-01", "2099-01-01")


@pytest.fixture
def crew(tmp_path):
    people = team(tmp_path, Clock(now_ms()), members=("ben", "cal"))
    yield people
    for person in people.values():
        person.close()


def test_the_roster_keeps_the_reason_with_the_days_on_every_replica(crew) -> None:
    ana, ben, cal = crew["ana"], crew["ben"], crew["cal"]
    membership.away(ben, "ben", *FAR, reason="  winter\n break ")
    trade(*crew.values())
    for person in (ana, ben, cal):
        assert person.store.roster().member("ben").away == ((*FAR, "winter break"),)
    membership.away(ana, "ben", *FAR)  # the same days again, without a reason: the one said stays
    membership.away(ana, "ben", "2099-02-01", "2099-02-03")
    trade(*crew.values())
    assert cal.store.roster().member("ben").away == (
        (*FAR, "winter break"),
        ("2099-02-01", "2099-02-03", ""),
    )
    membership.away(ana, "ben", *FAR, reason="parental leave")  # a new reason says why from now on
    trade(*crew.values())
    assert ben.store.roster().member("ben").away[0].reason == "parental leave"
    membership.away(ben, "ben", *FAR, cancel=True)
    trade(*crew.values())
    assert cal.store.roster().member("ben").away == (("2099-02-01", "2099-02-03", ""),)


@pytest.mark.parametrize("reason", ["sick\x1b[2J", "gone\x00", "out\x07", "trip\u202e"])
def test_a_reason_with_control_characters_is_refused_and_nothing_is_written(crew, reason) -> None:
    ben = crew["ben"]
    before = len(ben.store.roster_events())
    with pytest.raises(InvalidValue, match="a reason cannot hold control characters"):
        membership.away(ben, "ben", *FAR, reason=reason)
    assert len(ben.store.roster_events()) == before
    assert ben.store.roster().member("ben").away == ()


def test_a_reason_with_control_characters_from_another_copy_counts_as_not_given(crew) -> None:
    """A signed event written by something other than this baton: the days count, the reason is not shown."""
    ben = crew["ben"]
    payload = {"user": "ben", "start": FAR[0], "end": FAR[1], "reason": "out \x1b]52;c;aGk=\x07"}
    membership._write(ben, membership._build(ben, "member_away", payload, membership.device_key(ben.home)))
    trade(*crew.values())
    assert crew["ana"].store.roster().member("ben").away == ((*FAR, ""),)


def test_a_reason_past_its_length_is_refused_and_one_from_another_copy_counts_as_not_given(crew) -> None:
    """Why someone is away is said in every teammate's notes: a page of it is refused, written or received."""
    ben = crew["ben"]
    with pytest.raises(InvalidValue, match="at most 200 characters"):
        membership.away(ben, "ben", *FAR, reason="long " * 41)
    membership.away(ben, "ben", *FAR, reason="x" * 200)  # the limit itself is fine
    payload = {"user": "ben", "start": "2098-02-01", "end": "2098-02-03", "reason": "long " * 41}
    membership._write(ben, membership._build(ben, "member_away", payload, membership.device_key(ben.home)))
    trade(*crew.values())
    assert crew["cal"].store.roster().member("ben").away == ((*FAR, "x" * 200), ("2098-02-01", "2098-02-03", ""))


@given(st.text(max_size=40))
def test_any_reason_is_refused_or_kept_by_every_replica_exactly_as_written(text) -> None:
    """What `away` writes is what every replica's fold keeps (changes.py reads the payload's `reason`)."""
    try:
        said = away_reason(text)
    except InvalidValue:
        return
    assert said == " ".join(said.split()) and said.split() == text.split()
    assert (_text({"reason": said}, "reason") or "") == said


def test_a_stand_in_is_routed_saying_why_the_owner_is_away() -> None:
    now = 1_900_000_000_000  # Sunday 2030-03-17, 17:46 UTC
    owner = Member("ana", stages=("beta",), away=(Away(date(2030, 3, 15), date(2030, 3, 22), "conference"),))
    stand_in = Member("ben", stages=("beta",))
    picked = route("beta", [owner, stand_in], {}, now, StageRule("owner", "ana"))
    assert picked.user == "ben"
    assert picked.reason.startswith("triage owner ana is away until Fri 22 Mar (conference); ")


@pytest.fixture
def ana_home(crew):
    ana = crew["ana"]
    write_relay(ana.home.templates)
    membership.publish(ana, ana.catalog().get("relay").template.as_dict())
    for who in ("ana", "ben", "cal"):  # everyone has synced: no "nobody called … has synced yet" note
        ana.store.upsert_teammate(who, who.title(), "UTC", last_seen=now_ms())
    return ana.home.root


def test_the_command_line_says_why_wherever_it_says_someone_is_away(ana_home) -> None:
    said = baton(ana_home, "away", "--user", "ben", "--from", FAR[0], "--to", FAR[1], "--reason", "winter break")
    assert said.exit_code == 0, said.stderr
    assert said.stdout.endswith("(26664 days): winter break.\n")
    made = baton(ana_home, "new", "relay", "--title", "Acme rollout", "--to", "ben")
    assert made.exit_code == 0, made.stderr
    note = "note: ben is away until Thu 1 Jan 2099 (winter break); the handoff waits for them\n"
    assert made.stderr == note
    other = baton(ana_home, "new", "relay", "--title", "Globex pilot", "--to", "cal")
    assert baton(ana_home, "reassign", other.stdout.strip(), "--to", "ben").stderr == note
    for item_id, raw in GOOD_VALUES.items():
        done = baton(ana_home, "set", made.stdout.strip(), item_id, *([] if raw is None else [raw]))
        assert done.exit_code == 0, done.stderr
    sent = baton(ana_home, "send", made.stdout.strip())
    assert sent.exit_code == 0 and sent.stderr == note
    assert "away 2026-01-01 to 2099-01-01 (winter break)" in baton(ana_home, "team").stdout
    [ben] = [m for m in json.loads(baton(ana_home, "team", "--json").stdout)["members"] if m["user"] == "ben"]
    assert ben["away"] == [{"from": FAR[0], "to": FAR[1], "reason": "winter break"}]
    mates = baton(ana_home, "teammates")
    assert next(line for line in mates.stdout.splitlines() if line.startswith("ben")).endswith(
        ", away until Thu 1 Jan 2099 (winter break)"
    )
    rows = {row["user"]: row for row in json.loads(baton(ana_home, "teammates", "--json").stdout)}
    assert (
        rows["ben"]["away"] == {"from": FAR[0], "to": FAR[1], "reason": "winter break"} and rows["cal"]["away"] is None
    )
    assert "away until Thu 1 Jan 2099 (winter break)" in baton(ana_home, "stage", "beta").stdout


def test_team_away_takes_a_reason_and_refuses_control_characters_in_one_line(ana_home) -> None:
    done = baton(ana_home, "team", "away", "cal", "--from", FAR[0], "--to", FAR[1], "--reason", "jury duty")
    assert done.exit_code == 0 and done.stdout == f"cal: away {FAR[0]} to {FAR[1]} (jury duty)\n"
    control = "baton: a reason cannot hold control characters (an escape sequence, a bell)\n"
    for command, said in (
        (("team", "away", "ben", "--from", FAR[0], "--to", FAR[1], "--reason", "out\x1b[31m"), control),
        (("away", "--user", "ben", "--from", FAR[0], "--to", FAR[1], "--reason", "out\x1b[31m"), control),
        (
            ("away", "--user", "ben", "--from", FAR[0], "--to", FAR[1], "--reason", "a" * 201),
            "baton: a reason for days away can hold at most 200 characters\n",
        ),
    ):
        refused = baton(ana_home, *command)
        assert refused.exit_code == 1 and refused.stdout == ""
        assert refused.stderr == said
    [ben] = [m for m in json.loads(baton(ana_home, "team", "--json").stdout)["members"] if m["user"] == "ben"]
    assert ben["away"] == []


def test_before_a_team_the_reason_is_kept_and_refused_the_same_way(tmp_path) -> None:
    home = tmp_path / "ana"
    assert baton(home, "init", "--user", "ana", "--role", "lead").exit_code == 0
    refused = baton(home, "away", "--from", FAR[0], "--to", FAR[1], "--reason", "a\x1bb")
    assert refused.exit_code == 1 and "control characters" in refused.stderr
    assert baton(home, "away", "--from", FAR[0], "--to", FAR[1], "--reason", "moving  house").exit_code == 0
    from baton.core.home import Home
    from baton.core.members import member
    from baton.core.replica import Replica

    ana = Replica.open(Home(home))
    found = member(ana.store, "ana")
    ana.close()
    assert found is not None and [a.reason for a in found.away] == ["moving house"]


async def test_the_apps_team_screen_says_why_someone_is_away(crew) -> None:
    from test_app_support import eventually, settle
    from textual.widgets import Static

    from baton.tui.app import BatonApp
    from baton.tui.screens.team import TeamScreen

    membership.away(crew["ben"], "ben", *FAR, reason="winter break")
    trade(*crew.values())
    ana = crew["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        roster = app.screen.query_one("#team-roster", Static)
        await eventually(pilot, lambda: "away 2026-01-01 to 2099-01-01 (winter break)" in str(roster.render()))

"""`baton team set`: a name or zone no replica would apply is refused before anything is signed.

The roster fold used to drop a name holding control characters and read an empty zone as none, so
writing either made `team set` say "done" for a change nobody sees (the name) or wipe a person's zone
on every replica (`--tz ""`); it now refuses such a change whole (test_roster_fields_rule.py).
"""

from __future__ import annotations

import pytest
from cli_support import baton
from team_support import Clock, team

from baton.core.due_words import WORDS_HINT
from baton.core.replica import Replica


@pytest.fixture
def ben_home(tmp_path):
    people = team(tmp_path, Clock(), members=("ben",))
    for person in people.values():
        person.close()
    return people["ben"].home


def roster_events(home) -> int:
    replica = Replica.open(home)
    try:
        return len(replica.store.roster_events())
    finally:
        replica.close()


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--name", "Ben\x1b[31m", "control characters"),
        ("--name", "Ben\nTan", "control characters"),
        ("--name", "   ", "a name needs some text"),
        ("--tz", "", "unknown time zone ''"),
        ("--tz", "Mars/Base", "unknown time zone"),
    ],
)
def test_a_value_no_replica_would_apply_is_refused_and_nothing_is_signed(ben_home, option, value, says) -> None:
    before = roster_events(ben_home)
    result = baton(ben_home.root, "team", "set", "ben", option, value)
    assert result.exit_code == 1
    assert result.stderr.startswith("baton: ") and says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""
    assert roster_events(ben_home) == before
    shown = baton(ben_home.root, "team", "--json")
    [ben] = [m for m in __import__("json").loads(shown.stdout)["members"] if m["user"] == "ben"]
    assert ben["name"] == "Ben" and ben["tz"] is not None


def test_a_plain_name_is_set_with_its_spaces_tidied(ben_home) -> None:
    result = baton(ben_home.root, "team", "set", "ben", "--name", "  Ben   Tan ")
    assert result.exit_code == 0, result.stderr
    assert "name Ben Tan" in result.stdout


def test_nothing_to_change_names_every_option_including_name(ben_home) -> None:
    result = baton(ben_home.root, "team", "set", "ben")
    assert result.exit_code == 1
    assert "--name" in result.stderr and "--tz" in result.stderr


def config_of(home) -> dict:
    return __import__("json").loads(home.config.read_text())


def test_your_own_new_zone_and_name_are_this_devices_from_now_on(ben_home) -> None:
    """Before, `team set ben --tz Europe/Lisbon` by ben changed the roster only: every command on ben's device
    kept printing its times in the zone `init` gave, and nothing else changes a home's zone."""
    result = baton(ben_home.root, "team", "set", "ben", "--tz", "Europe/Lisbon", "--name", "Benjamin Tan")
    assert result.exit_code == 0, result.stderr
    assert (config_of(ben_home)["tz"], config_of(ben_home)["display_name"]) == ("Europe/Lisbon", "Benjamin Tan")
    assert "(Europe/Lisbon)" in baton(ben_home.root, "report").stdout.splitlines()[0]


def test_a_lead_setting_someone_elses_zone_leaves_the_leads_own_alone(tmp_path) -> None:
    people = team(tmp_path, Clock(), members=("ben",))
    ana = people["ana"]
    before = config_of(ana.home)
    from baton.core.team import membership

    membership.set_member(ana, "ben", tz="Europe/Lisbon", name="Benjamin Tan")
    assert config_of(ana.home) == before
    for person in people.values():
        person.close()


def test_a_second_invitation_for_the_same_person_notes_the_first_still_works(tmp_path) -> None:
    """Before, a second `team invite dora` said nothing of the first code, which kept working unseen."""
    from baton.core.hlc import now_ms

    people = team(tmp_path, Clock(now_ms()), members=("ben",))
    for person in people.values():
        person.close()
    home = people["ana"].home.root
    first = baton(home, "team", "invite", "dora")
    assert first.exit_code == 0 and first.stderr == ""
    listed = baton(home, "team", "--json").stdout
    [pending] = [i["id"] for i in __import__("json").loads(listed)["pending_invites"] if i["user"] == "dora"]
    second = baton(home, "team", "invite", "dora")
    assert second.exit_code == 0 and second.stdout.strip().splitlines()[-1].startswith("baton1.")
    assert second.stderr.strip() == (
        f"note: dora has 1 other invitation not used yet ({pending}); "
        "each works until used, expired or revoked (`baton team revoke ID`)"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("team", "set", "zed", "--stage", "onboarding"),
        ("team", "remove", "zed"),
        ("away", "--user", "zed", "--from", "2098-01-01", "--to", "2098-01-02"),
    ],
)
def test_naming_someone_not_on_the_team_is_not_found(tmp_path, args) -> None:
    """A name the team does not hold is a lookup miss (exit 4, as `remind --user` and `reassign --to` say),
    not a refusal (exit 5, which said the lead was not allowed)."""
    people = team(tmp_path, Clock(), members=("ben",))
    for person in people.values():
        person.close()
    home = people["ana"].home
    before = roster_events(home)
    result = baton(home.root, *args)
    assert result.exit_code == 4 and result.stderr.strip() == "baton: zed is not on the team"
    assert roster_events(home) == before


@pytest.mark.parametrize(
    ("start", "end", "says"),
    [("2030-02-30", "2030-03-02", "--from '2030-02-30'"), ("2030-03-01", "soon", "--to 'soon'")],
)
def test_days_away_on_a_day_the_calendar_lacks_are_refused_and_nothing_is_signed(ben_home, start, end, says) -> None:
    before = roster_events(ben_home)
    result = baton(ben_home.root, "team", "away", "ben", "--from", start, "--to", end)
    assert result.exit_code == 1
    assert result.stderr == f"baton: {says} is not a day (use {WORDS_HINT})\n"
    assert roster_events(ben_home) == before

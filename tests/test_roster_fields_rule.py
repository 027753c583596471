"""A person's zone, working hours, holidays and name meet the same check through sync as in `team set`.

`team set ben --tz Mars/Olympus` (or `--hours whenever`, `--holidays XX`, a name with an escape sequence) is
refused; a signed `member_set` carrying the same value used to be applied, shown on every copy while routing
and deadlines silently used other values. Now the roster's rule asks the command's own field check
(member_fields.field_problem): such a change is kept in the log and not applied, whole, as a bad role, stage
or holidays region always was, on every replica alike. A join or a founding whose name or zone the command
would refuse stands, with that field counted as not given. Zones and holidays are judged by shape and fixed
lists, never by this machine's zone data or `holidays` package, so every replica gives one answer.
"""

from __future__ import annotations

from zoneinfo import available_timezones

import holidays
import pytest
from team_support import Clock, person, trade
from test_blocked_send_rule import crew  # noqa: F401 - the fixture
from test_sync_attacks import raw

from baton.core.errors import InvalidValue
from baton.core.hours import WorkingHours, region_problem, region_setting
from baton.core.replica import Replica
from baton.core.team import membership
from baton.core.team.keys import DeviceKey
from baton.core.team.member_fields import checked_changes, field_problem
from baton.core.team.roster import TEAM_STREAM
from baton.core.timezones import zone_problem


def signed(replica: Replica, kind: str, payload: dict) -> dict:
    return raw(replica, kind, TEAM_STREAM, payload, DeviceKey.load(replica.home.device_key))


def refusals(people: dict[str, Replica], event: dict) -> list[str]:
    """The reason the event is not applied, the same on every replica (an empty list: it was applied)."""
    trade(*people.values())
    found = [[r.reason for r in p.store.roster().refused if r.event_id == event["id"]] for p in people.values()]
    assert all(one == found[0] for one in found), found
    return found[0]


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("tz", "Mars/Olympus", "tz: not a time zone's name"),
        ("tz", "", "tz: not a time zone's name"),
        ("hours", "whenever", "hours: working hours 'whenever' are not like"),
        ("holidays", "XX", "holidays: not a public-holiday region"),
        ("name", "Ben\x1b[31m", "name: not a name of 1 to 100 characters"),
        ("name", "B" * 101, "name: not a name of 1 to 100 characters"),
    ],
)
def test_a_field_team_set_refuses_is_not_applied_through_sync(crew, field, value, reason) -> None:  # noqa: F811
    ben = crew["ben"]
    before = ben.store.roster().member("ben")
    with pytest.raises(InvalidValue):
        checked_changes({field: value})  # the command refuses it
    good = {"hours": "mon-fri 08:00-16:00"} if field != "hours" else {"tz": "Europe/Berlin"}  # not applied either
    forged = signed(ben, "member_set", {"user": "ben", field: value, **good})
    [refused] = refusals(crew, forged)
    assert refused.startswith(reason), refused
    for replica in crew.values():
        assert replica.store.roster().member("ben") == before, replica.user  # nothing of the change applied


def test_what_team_set_writes_is_applied(crew) -> None:  # noqa: F811
    ben = crew["ben"]
    fields = checked_changes({"tz": "America/Argentina/Buenos_Aires", "hours": "mon-thu 22:00-06:00; fri 09:00-13:00",
                              "holidays": "de-be", "name": "  Ben   Tan "})  # fmt: skip
    forged = signed(ben, "member_set", {"user": "ben", **fields})
    assert refusals(crew, forged) == []
    member = crew["ana"].store.roster().member("ben")
    assert (member.tz, member.hours, member.holidays, member.name) == (
        "America/Argentina/Buenos_Aires",
        fields["hours"],
        "DE-BE",
        "Ben Tan",
    )


def test_a_day_away_the_calendar_does_not_have_is_not_applied(crew) -> None:  # noqa: F811
    forged = signed(crew["ben"], "member_away", {"user": "ben", "start": "2030-02-30", "end": "2030-03-02"})
    assert refusals(crew, forged) == ["a period away needs a first and a last day (YYYY-MM-DD, in order)"]
    assert crew["cat"].store.roster().member("ben").away == ()


def test_a_founding_with_a_zone_no_roster_takes_stands_without_it(tmp_path) -> None:
    dee = person(tmp_path, "dee", Clock(), role="lead")
    dee.config = dee.config.with_(tz="Mars/Olympus", display_name="Dee\x07")  # a home edited by hand
    membership.found(dee)
    member = dee.store.roster().member("dee")
    assert (member.tz, member.name, member.role) == (None, "dee", "lead")
    dee.close()


def test_every_zone_and_region_the_command_takes_the_roster_takes_too() -> None:
    """Else `team set` would sign a change that no replica applies."""
    assert {z for z in available_timezones() if zone_problem(z)} <= {"localtime"}
    assert [c for c in holidays.list_supported_countries() if region_problem(c)] == []
    assert [c for c in holidays.list_supported_countries() if region_problem(f"{c}-X1")] == []
    for typed in (
        "mon-fri 09:00-17:30",
        "mon,wed,fri 08:00-12:00",
        "sun-thu 22:00-06:00",
        "mon-fri 9:00-12:00, 13:00-17:00",
    ):
        assert field_problem("hours", str(WorkingHours.parse(typed))) is None, typed
    assert zone_problem("Mars/Olympus") and zone_problem("posix/Europe/Berlin") and zone_problem(None)
    assert region_problem("XX") and region_problem("ZZ-1") and region_problem(None) is None
    with pytest.raises(InvalidValue):
        region_setting("XX")

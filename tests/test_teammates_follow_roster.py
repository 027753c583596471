"""Once a team is founded, the name and zone `team set` gives a member are what `show`, `send` and `teammates`
say, on every replica, not what their replica.json said when it was written once.

Before, a lead's `team set ben --tz Europe/London --name "Benjamin Tan"` reached `team` and routing, while
`show` and `send` kept saying "it is 12:34 for Ben Tan, Asia/Singapore": the receiver's local time told in
a zone they no longer work in.
"""

from __future__ import annotations

import json

from conftest import write_relay
from test_team_cli import Team


def test_a_members_new_name_and_zone_reach_show_send_and_teammates_everywhere(tmp_path) -> None:
    crew = Team(tmp_path)
    crew.found()
    code = crew.invite("ben")
    assert crew.join("ben", code).exit_code == 0
    (crew.home("ben") / "config.json").write_text(
        json.dumps({**json.loads((crew.home("ben") / "config.json").read_text()), "tz": "Asia/Singapore"})
    )
    for who in ("ben", "ana", "ben"):
        assert crew(who, "sync").exit_code == 0
    result = crew("ana", "team", "set", "ben", "--tz", "Europe/London", "--name", "Benjamin Tan")
    assert result.exit_code == 0, result.stderr
    for who in ("ana", "ben"):
        assert crew(who, "sync").exit_code == 0
    write_relay(crew.home("ana") / "checklists")
    handoff = crew("ana", "new", "relay", "--title", "Acme rollout", "--to", "ben").stdout.strip()
    shown = crew("ana", "show", handoff).stdout
    assert "for Benjamin Tan, Europe/London)" in shown and "Asia/Singapore" not in shown
    for who in ("ana", "ben"):
        mates = {row["user"]: row for row in json.loads(crew(who, "teammates", "--json").stdout)}
        assert (mates["ben"]["display_name"], mates["ben"]["tz"]) == ("Benjamin Tan", "Europe/London"), who
    # a later sync reading ben's replica.json (still the old name and zone) does not put them back
    assert crew("ben", "team", "set", "ben", "--hours", "mon-fri 08:00-16:00").exit_code == 0  # a new segment
    for who in ("ben", "ana"):
        assert crew(who, "sync").exit_code == 0
    mates = {row["user"]: row for row in json.loads(crew("ana", "teammates", "--json").stdout)}
    assert (mates["ben"]["display_name"], mates["ben"]["tz"]) == ("Benjamin Tan", "Europe/London")

"""Two leads found a team in one folder at once: the earlier founding is the team on every copy, the other
founder is told exactly that and what to do, and joins with an invitation from the same home, keeping
what they wrote.
"""

from __future__ import annotations

import json

from test_e2e_trust import Crew, forget_builtin_checklists  # noqa: F401  (an autouse fixture)


def test_two_foundings_at_once_one_team_wins_and_the_other_founder_is_told_how_to_join(tmp_path):
    crew = Crew(tmp_path)
    # Neither has seen the other's founding: both succeed.
    crew.ok("ana", "init", "--user", "ana", "--role", "lead", "--sync-dir", crew.shared, "--tz", "UTC")
    (crew.shared / "baton" / "v1" / "replicas").rename(tmp_path / "hidden")  # bea's engine has not copied it yet
    crew.ok("bea", "init", "--user", "bea", "--role", "lead", "--sync-dir", crew.shared, "--tz", "UTC")
    for folder in (tmp_path / "hidden").iterdir():
        folder.rename(crew.shared / "baton" / "v1" / "replicas" / folder.name)
    crew.ok("bea", "new", "sales-to-onboarding", "--title", "Bea's first handoff", "--to", "ana")

    said = {home: crew("ana" if home == "ana" else "bea", "sync") for home in ("ana", "bea")}
    for ran in said.values():
        assert ran.returncode == 0 and "Traceback" not in ran.stderr
    views = {home: json.loads(crew.ok(home, "team", "--json"))["rival_founding"] for home in ("ana", "bea")}
    assert views["ana"]["team"] == views["bea"]["team"]  # one team, by the same rule on both copies
    assert views["ana"]["yours_counts"] is True and views["bea"]["yours_counts"] is False
    assert views["bea"]["founder"] == "ana"
    told = said["bea"].stdout + said["bea"].stderr
    assert (
        "two teams were founded in this shared folder" in told
        and "Check that fingerprint with ana" in told
        and "ask them for an invitation" in told
    )
    assert "another lead also founded a team" in said["ana"].stdout + said["ana"].stderr

    shown = crew.ok("bea", "team")
    assert (
        shown.strip().splitlines()[-1].startswith("Note: two teams were founded")
        and "Check that fingerprint with ana" in shown
    )

    code = crew.ok("ana", "team", "invite", "bea", "--role", "lead").strip().splitlines()[-1]
    crew.ok("bea", "init", "--user", "bea", "--invite", code, "--sync-dir", crew.shared)
    crew.ok("bea", "sync")
    crew.ok("ana", "sync")
    invited = crew.ok("ana", "team", "invite", "cal").strip().splitlines()[-1]
    crew.ok("cal", "init", "--user", "cal", "--invite", invited, "--sync-dir", crew.shared)
    for home in ("cal", "ana", "bea"):
        crew.ok(home, "sync")
    for home in ("ana", "bea", "cal"):
        shape = json.loads(crew.ok(home, "team", "--json"))
        assert {m["user"]: m["role"] for m in shape["members"]} == {"ana": "lead", "bea": "lead", "cal": "member"}
        assert shape["team"] == views["ana"]["team"]
        titles = [row["title"] for row in json.loads(crew.ok(home, "list", "--all", "--json"))]
        assert titles == ["Bea's first handoff"], home  # what bea wrote before joining is kept and counts
    assert "rival_founding" not in json.loads(crew.ok("bea", "team", "--json"))

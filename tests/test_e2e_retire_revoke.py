"""A lost device retired and a leaked invitation revoked, end to end through the shared folder.

Several homes share one folder and act only through the real `baton` command; a
copy of a home stands for the laptop that was lost with its device key.
"""

from __future__ import annotations

import json
import shutil

import pytest
from team_support import Clock, team, trade
from test_e2e_trust import Crew, forget_builtin_checklists  # noqa: F401  (an autouse fixture)

from baton.core.home import Home
from baton.core.team import membership


@pytest.fixture
def crew(tmp_path) -> Crew:
    crew = Crew(tmp_path)
    crew.ok("lea", "init", "--user", "lea", "--role", "lead", "--sync-dir", crew.shared, "--tz", "UTC")
    crew.join("ben", "--stage", "onboarding")
    crew.ok("lea", "sync")
    crew.ok("ben", "sync")
    return crew


def titles(crew: Crew, home: str) -> list[str]:
    return sorted(row["title"] for row in json.loads(crew.ok(home, "list", "--all", "--json")))


def fingerprint_of(crew: Crew, home: str) -> str:
    return membership.device_key(Home(crew.root / home)).fingerprint


def test_a_retired_device_keeps_its_past_and_what_it_signs_after_is_kept_aside_everywhere(crew):
    crew.ok("ben", "new", "sales-to-onboarding", "--title", "Written before the loss", "--to", "lea")
    crew.ok("ben", "sync")
    crew.ok("lea", "sync")
    shutil.copytree(crew.root / "ben", crew.root / "thief")  # the laptop, its key with it
    old = fingerprint_of(crew, "ben")
    code = crew.ok("lea", "team", "invite", "ben", "--device").strip().splitlines()[-1]
    crew.ok("ben-new", "init", "--user", "ben", "--invite", code, "--sync-dir", crew.shared)
    said = crew.ok("lea", "team", "remove-device", "ben", old)
    assert "Retired ben's device" in said and old in said
    crew.ok("lea", "sync")

    crew.ok("thief", "new", "sales-to-onboarding", "--title", "Forged after the loss", "--to", "lea")
    crew.ok("thief", "sync")  # written before this copy heard of the retirement; its segment carries it out
    again = crew("thief", "new", "sales-to-onboarding", "--title", "Forged once more", "--to", "lea")
    assert again.returncode == 5 and "that lea retired" in again.stderr  # now it knows: refused at once
    crew.ok("ben-new", "new", "sales-to-onboarding", "--title", "From the new laptop", "--to", "lea")
    crew.ok("ben-new", "sync")

    seen = crew.ok("lea", "sync")
    assert "retired" in seen and "kept aside" in seen
    assert titles(crew, "lea") == ["From the new laptop", "Written before the loss"]
    crew.join("cal")  # a teammate who arrives later, from the folder alone
    crew.ok("cal", "sync")
    assert titles(crew, "cal") == ["From the new laptop", "Written before the loss"]
    members = {m["user"]: m for m in json.loads(crew.ok("lea", "team", "--json"))["members"]}
    assert [d["fingerprint"] for d in members["ben"]["devices"]] == [fingerprint_of(crew, "ben-new")]
    assert [d["fingerprint"] for d in members["ben"]["retired_devices"]] == [old]
    assert members["ben"]["role"] == "member"  # the person stays on the team


def test_retiring_a_device_is_refused_in_one_line_when_it_cannot_be(crew):
    before = crew.ok("lea", "team", "--json")
    unknown = crew("lea", "team", "remove-device", "ben", "0000:0000:0000:0000:0000")
    assert unknown.returncode == 4 and "ben has no device 0000" in unknown.stderr
    member = crew("ben", "team", "remove-device", "lea", fingerprint_of(crew, "lea"))
    assert member.returncode == 5 and "only a lead can retire a device" in member.stderr
    own = crew("lea", "team", "remove-device", "lea", fingerprint_of(crew, "lea"))
    assert own.returncode == 5 and "the device you are using" in own.stderr
    for refused in (unknown, member, own):
        assert len(refused.stderr.splitlines()) == 1 and "Traceback" not in refused.stderr
    assert crew.ok("lea", "team", "--json") == before


@pytest.mark.parametrize("by", ["code", "id"])
def test_a_revoked_invitation_is_refused_on_every_replica(crew, by):
    code = crew.ok("lea", "team", "invite", "cal").strip().splitlines()[-1]
    [pending] = json.loads(crew.ok("lea", "team", "--json"))["pending_invites"]
    said = crew.ok("lea", "team", "revoke", code if by == "code" else pending["id"])
    assert "Revoked the invitation for cal" in said
    assert json.loads(crew.ok("lea", "team", "--json"))["pending_invites"] == []
    crew.ok("lea", "sync")
    joined = crew("cal", "init", "--user", "cal", "--invite", code, "--sync-dir", crew.shared)
    assert joined.returncode == 5 and "the invitation was revoked" in joined.stderr
    assert len(joined.stderr.splitlines()) == 1
    assert not (crew.root / "cal").exists()
    crew.ok("ben", "sync")
    assert "cal" not in {m["user"] for m in json.loads(crew.ok("ben", "team", "--json"))["members"]}


def test_revoking_is_refused_in_one_line_when_it_cannot_be(crew):
    used = crew.ok("lea", "team", "invite", "cal").strip().splitlines()[-1]
    crew.ok("cal", "init", "--user", "cal", "--invite", used, "--sync-dir", crew.shared)
    crew.ok("lea", "sync")
    late = crew("lea", "team", "revoke", used)
    assert late.returncode == 1 and "already used by cal" in late.stderr
    fresh = crew.ok("lea", "team", "invite", "dan").strip().splitlines()[-1]
    crew.ok("lea", "sync")
    crew.ok("ben", "sync")
    member = crew("ben", "team", "revoke", fresh)
    assert member.returncode == 5 and "only a lead, or whoever made the invitation" in member.stderr
    unknown = crew("lea", "team", "revoke", "0123456789abcdef")
    assert unknown.returncode == 4
    for refused in (late, member, unknown):
        assert len(refused.stderr.splitlines()) == 1 and "Traceback" not in refused.stderr
    assert [i["user"] for i in json.loads(crew.ok("lea", "team", "--json"))["pending_invites"]] == ["dan"]


def test_a_join_backdated_before_the_revocation_still_does_not_count(tmp_path):
    """A leaked code used with a join stamped before the lead revoked it: refused, whatever the order of arrival."""
    clock = Clock()
    people = team(tmp_path, clock, members=())
    ana = people["ana"]
    from team_support import person

    dan = person(tmp_path, "dan", clock)
    made = membership.invite(ana, "dan")
    trade(ana, dan)
    joined = membership.join(dan, made)  # stamped now: before the revocation below
    membership.revoke_invite(ana, made.code())
    revocation = max(ana.store.roster_events(), key=lambda e: e["hlc"])
    assert joined.hlc < revocation["hlc"]
    trade(ana, dan)
    for replica in (ana, dan):
        roster = replica.store.roster()
        assert roster.member("dan") is None
        assert any(r.event_id == joined.id and "revoked" in r.reason for r in roster.refused)


def test_a_retired_device_that_writes_nothing_more_is_not_reported_as_a_stranger(crew):
    crew.ok("ben", "new", "sales-to-onboarding", "--title", "Written before the loss", "--to", "lea")
    crew.ok("ben", "sync")
    crew.ok("lea", "sync")
    crew.ok("lea", "team", "remove-device", "ben", fingerprint_of(crew, "ben"))
    said = crew("lea", "sync")
    assert said.returncode == 0 and "not on the team" not in said.stdout + said.stderr
    assert titles(crew, "lea") == ["Written before the loss"]

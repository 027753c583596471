"""Upgrading: homes and a folder written by baton before the roster keep working, and a lead founds the team.

The folder in tests/data/upgrade-v1 was written by the release before teams
(see tests/data/make_upgrade_folder.py): two homes, Ana (lead) and Ben, two
handoffs, a waiver Ana made with the old `as_lead` flag, no device keys.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.team import membership
from baton.core.team.roster import BEFORE_TEAM
from baton.tui.cli import cli

DATA = Path(__file__).parent / "data" / "upgrade-v1"


@pytest.fixture
def old(tmp_path) -> Path:
    root = tmp_path / "upgrade"
    shutil.copytree(DATA, root)
    for user in ("ana", "ben"):
        config = root / user / "config.json"
        data = json.loads(config.read_text())
        data["sync_dir"] = str(root / "shared")
        config.write_text(json.dumps(data))
        Replica.open(Home(root / user)).close()  # the data keeps no databases: each starts empty, as before teams
    return root


def baton(root: Path, user: str, *args: object):
    result = CliRunner().invoke(cli, [str(a) for a in args], env={"BATON_HOME": str(root / user)})
    return result


def handoffs(root: Path) -> dict[str, str]:
    return json.loads((root / "handoffs.json").read_text())


def test_an_old_home_keeps_working_before_anyone_founds_a_team(old):
    first = handoffs(old)["first"]
    assert baton(old, "ben", "sync").exit_code == 0
    shown = json.loads(baton(old, "ben", "show", first, "--json").stdout)
    assert [i["id"] for i in shown["items"] if i["waived"]] == ["crm-record"]
    assert baton(old, "ben", "set", first, "seats", "12").exit_code == 0
    assert "No team yet" in baton(old, "ben", "team").stdout
    key = membership.device_key(Home(old / "ben"))
    replica_json = next((old / "shared").rglob("replica.json"), None)
    published = [json.loads(p.read_text()) for p in (old / "shared").rglob("replica.json")]
    assert replica_json is not None
    assert {p["user"]: p.get("public_key") for p in published}["ben"] == key.public


def test_the_first_lead_founds_the_team_sees_teammates_and_confirms_them(old):
    first = handoffs(old)["first"]
    assert baton(old, "ben", "sync").exit_code == 0  # Ben's upgraded baton publishes his device key
    founded = baton(old, "ana", "team", "create")
    assert founded.exit_code == 0, founded.stderr
    ben_fp = membership.device_key(Home(old / "ben")).fingerprint
    assert "Founded the team: ana is its first lead" in founded.stdout
    assert re.search(rf"^  ben +Ben +device {ben_fp}$", founded.stdout, re.M), founded.stdout
    # Ben keeps working before he is confirmed; his change counts once he is.
    assert baton(old, "ben", "comment", first, "Seats are twelve, confirmed.").exit_code == 0
    assert baton(old, "ben", "sync").exit_code == 0
    wrong = baton(old, "ana", "team", "confirm", "ben", "--fingerprint", "0000:0000:0000:0000:0000")
    assert wrong.exit_code == 4 and "ask ben to read out" in wrong.stderr
    assert ben_fp not in wrong.stderr  # the folder's fingerprint, printed, invites pasting it unchecked
    confirmed = baton(old, "ana", "team", "confirm", "ben", "--fingerprint", ben_fp)
    assert confirmed.exit_code == 0, confirmed.stderr
    assert baton(old, "ana", "sync").exit_code == 0
    assert baton(old, "ben", "sync").exit_code == 0
    for user in ("ana", "ben"):
        replica = Replica.open(Home(old / user))
        roster = replica.store.roster()
        assert [(m.user, m.role) for m in roster.members()] == [("ana", "lead"), ("ben", "member")]
        state = replica.state(first)
        assert "crm-record" in state.waivers  # the old waiver stands
        assert [c.text for c in state.comments] == ["Seats are twelve, confirmed."]
        marked = [e for e in state.history if e.reason == BEFORE_TEAM]
        assert {e.kind for e in marked} >= {"created", "item_set", "waived"}
        assert state.conflicts == []
        replica.close()
    text = baton(old, "ben", "history", first).stdout
    assert "(written before the team was founded)" in text
    roles = {row["user"]: row["role"] for row in json.loads(baton(old, "ben", "teammates", "--json").stdout)}
    assert roles == {"ana": "lead", "ben": "member"}


def test_an_old_member_joins_with_an_invitation_on_his_existing_home(old):
    second = handoffs(old)["second"]
    assert baton(old, "ana", "init", "--user", "ana", "--role", "lead").exit_code == 0  # init on the existing home
    code = baton(old, "ana", "team", "invite", "ben", "--stage", "onboarding").stdout.strip().splitlines()[-1]
    assert baton(old, "ana", "sync").exit_code == 0
    joined = baton(old, "ben", "init", "--user", "ben", "--invite", code)
    assert joined.exit_code == 0, joined.stderr
    assert baton(old, "ben", "accept", second).exit_code == 5  # not sent yet: the old rules still hold
    assert baton(old, "ana", "sync").exit_code == 0
    listed = json.loads(baton(old, "ana", "team", "--json").stdout)
    assert [(m["user"], m["role"], m["stages"]) for m in listed["members"]] == [
        ("ana", "lead", []),
        ("ben", "member", ["onboarding"]),
    ]
    refused = baton(old, "ben", "waive", second, "crm-record", "--reason", "the old CRM has it")
    assert refused.exit_code == 5


def test_a_member_cannot_found_the_team(old):
    result = baton(old, "ben", "team", "create")
    assert (result.exit_code, result.stderr) == (
        5,
        "baton: only a lead founds the team (this home was set up as a member)\n",
    )

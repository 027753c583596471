"""A stranger's segment meets the same verdict whatever the order it arrives in: held aside while its key is
not on the team (taken in before the team existed, or kept aside after), named by `baton doctor` the same
way, and applied everywhere once a lead admits its device; never lost.
"""

from __future__ import annotations

import json

import pytest
from sync_support import projection, sync_once, teammate

from baton.core.team import membership
from baton.tui.cli import cli


def titles(replica) -> list[str]:
    return sorted(r[0] for r in replica.store.query("SELECT title FROM handoffs"))


def kept_aside(replica, monkeypatch) -> list[str]:
    """What `baton doctor --json` lists as kept aside in the folder, with the folder path taken out."""
    from click.testing import CliRunner

    monkeypatch.setenv("BATON_HOME", str(replica.home.root))
    data = json.loads(CliRunner().invoke(cli, ["doctor", "--json"]).output)
    root = str(replica.config.sync_dir)
    return sorted(p["file"].replace(root, "") + " " + p["reason"] for p in data["kept_aside"])


@pytest.mark.parametrize("ben_first", [True, False], ids=["before-the-founding", "after-the-founding"])
def test_a_strangers_segment_gets_one_verdict_whatever_it_met_first(tmp_path, shared, monkeypatch, ben_first):
    ana = teammate(tmp_path, "ana", shared, role="lead")
    ben = teammate(tmp_path, "ben", shared)
    for replica in (ana, ben):
        membership.device_key(replica.home)
        sync_once(replica)
    cal = teammate(tmp_path, "cal", shared)
    cal.create("relay", "From cal", "ben")
    sync_once(cal)
    if ben_first:
        sync_once(ben)  # ben takes cal's segment in while there is no team yet
        assert titles(ben) == ["From cal"]
    membership.found(ana)  # ana never saw cal's work: the founding does not vouch for it
    membership.confirm(ana, "ben", membership.device_key(ben.home).public, ben.config.replica_id)
    sync_once(ana)
    sync_once(ben)
    dan = teammate(tmp_path, "dan", shared)
    code = membership.invite(ana, "dan")
    sync_once(ana)
    membership.join(dan, code)
    sync_once(dan)

    for replica in (ana, ben, dan):
        assert titles(replica) == [], replica.user
    assert projection(ben) == projection(dan)  # conflicts included: nothing differs by what came first
    aside = kept_aside(ben, monkeypatch)
    assert aside == kept_aside(dan, monkeypatch) == kept_aside(ana, monkeypatch)
    assert len(aside) == 1 and "a device claiming to be cal is not on the team" in aside[0]

    membership.confirm(ana, "cal", membership.device_key(cal.home).public, cal.config.replica_id)
    sync_once(ana)
    for replica in (ben, dan):
        sync_once(replica)
    for replica in (ana, ben, dan):
        assert titles(replica) == ["From cal"], replica.user
        assert kept_aside(replica, monkeypatch) == []
    assert projection(ben)["handoffs"] == projection(dan)["handoffs"]

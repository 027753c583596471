"""One name for one finding: a second content under a folder's number is called the same by `baton sync` (its
warning and problem lines) and `baton doctor`, by the verdict sync/signers.py decides from who signed each copy."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sync_support import segments, sync_once, teammate
from test_sync_copied import forged_under

from baton.core.team import membership
from baton.core.team.keys import DeviceKey
from baton.sync import segment
from baton.sync.exporter import sealer
from baton.sync.signers import Verdict
from baton.tui.cli import cli


def broken_copy(victim, seq):
    """A second content under `victim`'s number `seq` whose signature does not hold (sealed for another number)."""
    genuine = next(p for p in segments(victim) if segment.parse_name(p.name).seq == seq)
    found = segment.read(genuine)
    lines = [line.replace(b"genuine", b"forged!") for line in found.lines]
    key = DeviceKey.load(victim.home.device_key)
    segment.write(genuine.parent, seq, lines, sealer(key, victim.config.replica_id, seq + 7, found.seal.prev))


def pair(tmp_path, founded: bool):
    shared = tmp_path / "shared"
    shared.mkdir()
    ana, ben = teammate(tmp_path, "ana", shared, role="lead"), teammate(tmp_path, "ben", shared)
    if founded:
        membership.found(ana)
        sync_once(ana)
        code = membership.invite(ana, "ben", stages=["beta"])
        sync_once(ana)
        membership.join(ben, code)
        for replica in (ben, ana, ben):
            sync_once(replica)
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    ana.comment(handoff, "genuine")
    sync_once(ana)
    sync_once(ben)
    return ana, ben, segment.parse_name(segments(ana)[-1].name).seq


def said_by(replica, *args: str) -> str:
    home = str(replica.home.root)
    replica.close()
    result = CliRunner().invoke(cli, list(args), env={"BATON_HOME": home})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("founded", [False, True], ids=["before a team", "on a team"])
def test_a_forged_copy_is_damaged_or_forged_in_sync_and_doctor_alike(tmp_path, founded) -> None:
    ana, ben, seq = pair(tmp_path, founded)
    broken_copy(ana, seq)
    synced = said_by(ben, "sync")
    [warning] = [line for line in synced.splitlines() if "TAMPERING" in line]
    assert f", {Verdict.FORGED.value}: segment {seq:06d}" in warning
    assert "profile was copied" not in warning and "copied profile" not in synced
    assert f"another content under number {seq:06d} ({Verdict.FORGED.value})" in synced
    doctor = said_by(ben, "doctor")
    assert f"another content under number {seq:06d} ({Verdict.FORGED.value})" in doctor
    assert f", {Verdict.FORGED.value}: segment {seq:06d}" in doctor and "copied profile" not in doctor


def test_a_copied_profile_is_named_so_by_doctor_too_after_both_copies_are_in(tmp_path) -> None:
    ana, ben, seq = pair(tmp_path, founded=True)
    forged_under(ana, seq, DeviceKey.load(ana.home.device_key))
    sync_once(ben)  # the clash was told once; from now on sync warns of it and doctor must say the same
    again = sync_once(ben)
    [warning] = [w for w in again.warnings if "TAMPERING" in w]
    assert Verdict.COPIED_PROFILE.value in warning
    shown = json.loads(said_by(ben, "doctor", "--json"))
    assert shown["warnings"] == again.warnings
    assert f"warning: {warning}" in said_by(ben, "doctor")

"""A segment (or a snapshot) in the wrong folder, or a second content under a folder's number: the message names
who really signed it (the key, through the roster), not the owner of the folder it sits in, and says what to do."""

from __future__ import annotations

import shutil

from sync_support import own_folder, segments, sync_once
from test_sync_attacks import crew  # noqa: F401  (fixture)
from test_sync_trust import comments, join, team  # noqa: F401  (fixtures)

from baton.core.team.keys import DeviceKey
from baton.sync import segment, verify
from baton.sync.exporter import sealer


def test_a_segment_copied_into_another_folder_names_its_real_signer_and_author(tmp_path, shared, team):  # noqa: F811
    ana, ben = team
    handoff = ana.create("relay", "Acme deal", "ben")
    for n in range(4):
        ana.comment(handoff, f"note {n}")
        sync_once(ana)
    sync_once(ben)
    newest = segments(ana)[-1]
    taken = {segment.parse_name(p.name).seq for p in segments(ben)}
    assert segment.parse_name(newest.name).seq not in taken  # a number ben's folder does not hold yet
    copy = own_folder(ben) / newest.name
    shutil.copy(newest, copy)
    cleo = join(tmp_path, shared, ana, "cleo")
    for reader in (cleo, ana):
        report = sync_once(reader)
        [said] = [p for p in report.problems if p.file == str(copy)]
        assert f"of ana's folder (replica {ana.config.replica_id}), signed by a device of ana's" in said.reason
        assert "events by ana" in said.reason or "event by ana" in said.reason
        assert "by ben" not in said.reason and "damaged or forged" not in said.reason
        assert "the copy can be deleted" in said.reason
        assert [t.kind for t in report.trust if t.file == str(copy)] == [verify.COPIED]
    assert comments(cleo) == comments(ana) == [f"note {n}" for n in range(4)]


def forged_under(victim, seq, key):
    """A second content under `victim`'s number `seq`, sealed with `key` for the victim's folder."""
    genuine = next(p for p in segments(victim) if segment.parse_name(p.name).seq == seq)
    found = segment.read(genuine)
    lines = [line.replace(b"genuine", b"forged!") for line in found.lines]
    written, _ = segment.write(genuine.parent, seq, lines, sealer(key, victim.config.replica_id, seq, found.seal.prev))
    return written


def clash(ana, ben, key):
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    ana.comment(handoff, "genuine")
    sync_once(ana)
    sync_once(ben)  # ben took the genuine copy in: the forged one comes after it
    seq = segment.parse_name(segments(ana)[-1].name).seq
    return forged_under(ana, seq, key), seq


def test_a_teammate_writing_into_anothers_folder_is_named_as_who_it_is(tmp_path, shared, team):  # noqa: F811
    ana, ben = team
    forged, seq = clash(ana, ben, DeviceKey.load(ben.home.device_key))
    report = sync_once(ben)
    [warning] = [w for w in report.warnings if "TAMPERING" in w]
    assert f"{forged.name[:15]} signed by a device of ben's" in warning
    assert "A device of ben's wrote into ana's folder" in warning
    [said] = [p for p in report.problems if p.file == str(forged) and "another content" in p.reason]
    assert "signed by a device of ben's" in said.reason
    assert "forged!" not in comments(ben)


def test_the_owners_own_key_signing_two_contents_says_copied_profile_or_stolen_key(tmp_path, shared, team):  # noqa: F811
    ana, ben = team
    forged, seq = clash(ana, ben, DeviceKey.load(ana.home.device_key))
    report = sync_once(ben)
    [warning] = [w for w in report.warnings if "TAMPERING" in w]
    assert "signed by a device of ana's" in warning
    assert "ana's profile was copied to another machine" in warning and "baton team remove-device ana" in warning


def test_a_stranger_writing_into_a_folder_is_not_blamed_on_its_owner(tmp_path, shared, team):  # noqa: F811
    ana, ben = team
    forged, seq = clash(ana, ben, DeviceKey.generate())
    report = sync_once(ben)
    [warning] = [w for w in report.warnings if "TAMPERING" in w]
    assert "signed by a key the team does not know" in warning
    assert "not written by any device of the team" in warning
    assert "forged!" not in comments(ben)


def test_a_snapshot_copied_into_another_folder_names_its_real_signer_and_author(crew, tmp_path):  # noqa: F811
    """A snapshot's signature covers its folder like a segment's: copied elsewhere, it was said as damaged or
    forged, its events blamed on the folder's owner."""
    ana, ben, cleo, handoff = crew
    for replica in (ben, cleo, ana, ben, cleo):
        sync_once(replica)
    assert sync_once(ana, fold=True).compacted_through > 0
    [snapshot] = own_folder(ana).glob("*.snapshot.jsonl")
    copy = own_folder(cleo) / snapshot.name
    shutil.copy(snapshot, copy)
    dee = join(tmp_path, ana.config.sync_dir, ana, "dee")
    for reader in (dee, ben):
        report = sync_once(reader)
        [said] = [p for p in report.problems if p.file == str(copy)]
        assert (
            f"a copy of snapshot {segment.parse_name(copy.name).seq:06d} of ana's folder (replica {ana.config.replica_id})"
            in (said.reason)
        )
        assert "signed by a device of ana's" in said.reason and "events by ana" in said.reason
        assert "by cleo" not in said.reason and "damaged or forged" not in said.reason
        assert [t.kind for t in report.trust if t.file == str(copy)] == [verify.COPIED]
    assert comments(dee) == comments(ana)


def test_a_segment_copied_in_under_another_number_is_said_as_a_copy_by_its_author(tmp_path, shared, team):  # noqa: F811
    """ana's 000001 copied into ben's folder as 000009 was "its signature does not match its lines: damaged or
    forged; it claims 1 event by ben": its lines are ana's, and nothing of ben's was touched."""
    ana, ben = team
    handoff = ana.create("relay", "Acme deal", "ben")
    ana.comment(handoff, "note")
    sync_once(ana)
    sync_once(ben)
    first = segments(ana)[0]
    sha8 = segment.parse_name(first.name).sha8
    copy = own_folder(ben) / f"000099-{sha8}.jsonl"
    shutil.copy(first, copy)
    report = sync_once(ana)
    [said] = [p for p in report.problems if p.file == str(copy)]
    assert f"its lines are replica {ana.config.replica_id}'s (events by ana), not this folder's" in said.reason
    assert "copied in under another number" in said.reason and "the copy can be deleted" in said.reason
    assert "by ben" not in said.reason and "damaged or forged" not in said.reason
    assert [t.kind for t in report.trust if t.file == str(copy)] == [verify.COPIED]
    assert comments(ana) == ["note"]

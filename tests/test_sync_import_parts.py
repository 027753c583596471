"""A large import holds a bounded part of a team at a time (sync/handover.py, sync/landing.py): segments read
ahead come over a few rows at a time, and past HELD_EVENTS every handoff is folded from the store. Whatever the
sizes, the replica is the one an import reading each segment whole and holding every event ends with."""

from __future__ import annotations

import os

import pytest
from sync_support import sync_once
from test_sync_bulk import everything, folder, newcomer, set_aside

from baton.sync import handover, importer, landing, reading
from baton.sync.ledger import Ledger

__all__ = ["folder"]  # the bulk import's team folder: roster moves, split handoffs, a bad line, a stranger


@pytest.mark.parametrize("held", [0, 10**9])
def test_segments_read_ahead_in_parts_give_what_reading_them_whole_gives(tmp_path, folder, monkeypatch, held):
    monkeypatch.setattr(reading, "READ_AHEAD_BYTES", 1 << 60)
    dee, dee_shared = newcomer(tmp_path, folder, "dee")
    whole = sync_once(dee)
    monkeypatch.setattr(reading, "READ_AHEAD_BYTES", 0)
    monkeypatch.setattr(handover, "PART_ROWS", 2)
    monkeypatch.setattr(importer, "AHEAD_FLUSH_EVENTS", 3)
    monkeypatch.setattr(landing, "HELD_EVENTS", held)
    parts = []
    unpack = handover.unpacked_part
    monkeypatch.setattr(handover, "unpacked_part", lambda packed: parts.append(len(packed[0])) or unpack(packed))
    eve, eve_shared = newcomer(tmp_path, folder, "eve")
    ahead = sync_once(eve)
    assert parts and max(parts) == 2 and sum(parts) >= ahead.imported_events  # every segment came in parts
    assert everything(dee) == everything(eve)
    assert set_aside([whole], dee_shared) == set_aside([ahead], eve_shared) != set()
    assert (whole.imported_events, whole.imported_segments) == (ahead.imported_events, ahead.imported_segments)
    assert whole.conflicts == ahead.conflicts


def test_a_part_gone_before_it_is_taken_in_leaves_the_replica_as_it_was(tmp_path, folder, monkeypatch):
    """Parts already taken in were in the import's one transaction: it stops, nothing of it is applied or
    counted, and the next sync takes everything in."""
    monkeypatch.setattr(reading, "READ_AHEAD_BYTES", 0)
    monkeypatch.setattr(handover, "PART_ROWS", 2)
    monkeypatch.setattr(importer, "AHEAD_FLUSH_EVENTS", 3)
    real = handover.Handed.parts
    taken = []

    def losing(self):
        for part in real(self):
            yield part
            taken.append(len(part[0]))
            if len(taken) == 4 and self.files:
                os.unlink(self.files[0])

    monkeypatch.setattr(handover.Handed, "parts", losing)
    eve, _ = newcomer(tmp_path, folder, "eve")
    before = everything(eve)
    ledger = Ledger(eve.store).done()
    with pytest.raises(handover.HandOverLost, match="nothing of this sync's import was applied"):
        sync_once(eve)
    assert len(taken) == 4 and sum(taken) > importer.AHEAD_FLUSH_EVENTS  # some parts were taken in first
    assert everything(eve) == before
    assert Ledger(eve.store).done() == ledger
    monkeypatch.setattr(handover.Handed, "parts", real)
    again = sync_once(eve)
    dee, _ = newcomer(tmp_path, folder, "dee")
    assert again.imported_events == sync_once(dee).imported_events > 0
    assert everything(eve) == everything(dee)

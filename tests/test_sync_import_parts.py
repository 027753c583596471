"""A large import holds a bounded part of a team at a time (sync/handover.py, sync/landing.py): segments read
ahead come over a few rows at a time, and past HELD_EVENTS every handoff is folded from the store. Whatever the
sizes, the replica is the one an import reading each segment whole and holding every event ends with."""

from __future__ import annotations

import pytest
from sync_support import sync_once
from test_sync_bulk import everything, folder, newcomer, set_aside

from baton.sync import handover, importer, landing, reading

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

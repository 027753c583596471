"""`show` tells the other side's local time: the receiver's to the sender, the sender's to the receiver
(as the app's summary does). The receiver was told their own time, which helps nobody."""

from __future__ import annotations

from test_cli_routing import Baton, baton  # noqa: F401  (the fixture)

from baton.core.store import Store


def _header(shown: str) -> str:
    return next(line for line in shown.splitlines() if " → " in line)


def test_the_receiver_reads_the_senders_time_and_the_sender_the_receivers(baton: Baton) -> None:  # noqa: F811
    handoff = baton("new", "relay", "--title", "Acme rollout", "--to", "ben").stdout.strip()
    store = Store(baton.home.database)
    try:  # ben's replica.json, as a sync would have brought it
        with store.conn:
            store.upsert_teammate("ben", "Ben", "Asia/Singapore")
    finally:
        store.close()
    to_ben = _header(baton("show", handoff, user="ben").stdout)
    assert to_ben.startswith("  ana → ben  (it is ") and "for Ana" in to_ben and "for Ben" not in to_ben
    to_ana = _header(baton("show", handoff).stdout)
    assert "for Ben" in to_ana and "for Ana" not in to_ana

"""The demo tells a story a newcomer can believe: each ticket its own, returns that match the values
they complain about, and send times that match the words used for them."""

from __future__ import annotations

from baton.core.demo import build_demo
from baton.core.hlc import now_ms
from baton.core.home import Home
from baton.core.replica import Replica


def handoffs(replica: Replica) -> dict[str, str]:
    return {r["title"]: r["id"] for r in replica.store.query("SELECT id, title FROM handoffs")}


def test_the_demo_reads_true(tmp_path):
    home = Home(tmp_path / "demo")
    before = now_ms()
    build_demo(home)
    replica = Replica.open(home)
    try:
        ids = handoffs(replica)
        orchid = replica.state(ids["Orchid Bank — SSO login loop for 300 users"]).values
        bluebird = replica.state(ids["Bluebird Health — exports fail after 2 GB"]).values
        shared = {k for k in orchid if k in bluebird and isinstance(orchid[k], str) and orchid[k] == bluebird[k]}
        assert shared <= {"severity"}, shared  # no copied ticket id, problem, steps or links

        lumen = replica.state(ids["Lumen Retail — inbound demo request"])
        assert lumen.values["budget-owner"] == "unknown" and "unknown" in lumen.return_reason

        kickoff = replica.state(ids["Northwind — kickoff pack for delivery"])
        sets = [h.summary for h in kickoff.history if "success-criteria" in h.summary]
        assert len(sets) == 2  # vague when returned, then the client's own target before the resend

        # What Maya answers first reads as the client's own: no made-up answer echoes a checklist's example
        # (the hints describe another client), and no promised date has already passed.
        for title in ("Kestrel Foods — pilot, 3 sites", "Orchid Bank — SSO login loop for 300 users"):
            assert replica.warnings(replica.state(ids[title])) == [], title

        # Each answer is its own handoff's: answered from one pool of sentences, a kickoff call's sentence
        # stood as Lumen's campaign and as Bluebird's steps to reproduce.
        seen: dict[str, str] = {}
        for title, handoff in ids.items():
            for item, value in replica.state(handoff).values.items():
                if isinstance(value, str) and len(value) >= 40:
                    assert value not in seen, (title, item, seen.get(value))
                    seen[value] = f"{title}: {item}"

        kestrel = replica.store.handoff_row(ids["Kestrel Foods — pilot, 3 sites"])
        assert before - 65 * 60_000 <= kestrel["sent_at"] <= now_ms() - 55 * 60_000  # "sent an hour ago"
        assert all(r["updated_at"] <= now_ms() for r in replica.store.query("SELECT updated_at FROM handoffs"))
    finally:
        replica.close()

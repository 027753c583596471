"""The report's "no clear next owner" counts a handoff waiting on someone a lead removed from the team.

Before, a handoff sent to a member who was then removed read as owned (they had synced
recently), so the report said "No clear next owner (0)" while nobody could act on it.
"""

from __future__ import annotations

import json

from cli_support import baton
from conftest import write_relay
from sync_support import fill
from team_support import Clock, team, trade

from baton.core.metrics import report
from baton.core.queues import connect
from baton.core.team import membership
from baton.core.team.gone import removed_people

SEEN = 1_900_000_000_000
"""When everyone last synced, later than any clock in the scene: nobody reads as unknown or quiet."""


def scene(tmp_path):
    """ana (lead) sent a relay handoff to ben, then removed ben; cal stays. Returns ana's home and the handoff."""
    people = team(tmp_path, Clock(), members=("ben", "cal"))
    for person in people.values():
        write_relay(person.home.templates)
    ana = people["ana"]
    membership.publish(ana, ana.catalog().get("relay").template.as_dict())  # a checklist the team knows
    trade(*people.values())
    handoff = ana.create("relay", "Acme rollout", "ben")
    fill(ana, handoff)
    ana.send(handoff)
    to_cal = ana.create("relay", "Globex pilot", "cal")
    trade(*people.values())
    for person in people.values():  # both have synced: neither is unknown or quiet
        ana.store.upsert_teammate(person.user, person.user.title(), "UTC", last_seen=SEEN)
    membership.remove(ana, "ben", reason="left the company")
    home = ana.home
    for person in people.values():
        person.close()
    return home, handoff, to_cal


def test_a_handoff_waiting_on_a_removed_member_has_no_clear_next_owner(tmp_path) -> None:
    home, handoff, to_cal = scene(tmp_path)
    result = baton(home.root, "report", "--json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["unowned_total"] == 1
    [unowned] = figures["unowned"]
    assert unowned["handoff_id"] == handoff and unowned["next_actor"] == "ben"
    assert unowned["why"] == "ben was removed from the team by ana: a lead reassigns it"
    text = baton(home.root, "report").stdout
    assert "No clear next owner (1)" in text and "ben was removed from the team by ana" in text
    assert to_cal[:8] not in text.split("No clear next owner")[1].split("Sync conflicts")[0]


def test_kept_and_counted_figures_agree_on_removed_members(tmp_path) -> None:
    home, handoff, _ = scene(tmp_path)
    conn = connect(home.database)
    try:
        gone = removed_people(conn, home.database)
        assert gone == {"ben": "ana"}
        now = SEEN + 60_000
        kept = report(conn, now, gone=gone)
        counted = report(conn, now, gone=gone, recount=True)
        assert report(conn, now).unowned_total == 0  # the same figures without the roster's word
    finally:
        conn.close()
    assert kept.unowned == counted.unowned and kept.unowned_total == counted.unowned_total == 1


def test_a_team_that_removed_nobody_reads_no_roster(tmp_path) -> None:
    people = team(tmp_path, Clock(), members=("ben",))
    home = people["ana"].home
    for person in people.values():
        person.close()
    conn = connect(home.database)
    try:
        assert removed_people(conn, tmp_path / "no-such.db") == {}  # answered without opening a store
    finally:
        conn.close()

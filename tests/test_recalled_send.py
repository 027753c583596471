"""A recalled send counts nowhere: not in the handoff's send times, not in the report's rounds,
answers, breaches or vague sends, here or on a teammate's replica that learns of it through sync."""

from __future__ import annotations

from conftest import Team
from sync_support import fill, sync_once, teammate

from baton.core.metrics import report
from baton.core.rounds import send_rounds
from baton.core.store import Store
from baton.core.times import DAY, HOUR

VAGUE = {"summary": "TBD, see Slack"}
"""A summary the vague-answer checks warn about: the send records it, the report counts it."""


def tally(store: Store) -> list[tuple]:
    return [tuple(r) for r in store.conn.execute("SELECT * FROM report_tally WHERE n != 0 OR m != 0 ORDER BY 1, 2, 3")]


def figures(store: Store, now: int) -> list:
    """The report (kept and recounted) at a few moments, and the kept running counts."""
    found = []
    for moment in (now, now + 5 * HOUR, now + 3 * DAY):
        kept, counted = report(store.conn, moment), report(store.conn, moment, recount=True)
        assert kept == counted, moment
        found.append(kept)
    return [*found, tally(store)]


def send_times(store: Store, handoff: str) -> tuple:
    row = store.conn.execute("SELECT status, sent_at, first_sent_at FROM handoffs WHERE id = ?", (handoff,)).fetchone()
    return tuple(row)


def test_report_after_a_send_and_its_recall_equals_the_report_with_no_send(team: Team):
    handoff = team.draft()
    team.fill(handoff, **VAGUE)
    now = team.wall.now + DAY
    before, times = figures(team.store, now), send_times(team.store, handoff)
    assert times == ("draft", None, None)
    team.wall.advance(60_000)
    team["ana"].send(handoff)
    sent = figures(team.store, now)
    assert sent != before  # the send itself counts (a round, a vague send)
    team["ana"].undo(handoff)
    assert figures(team.store, now) == before
    assert send_times(team.store, handoff) == times
    state = team.store.state(handoff)
    assert state.sent_at is None and state.first_sent_at is None and state.answer_by is None
    assert state.vague_sends == [] and send_rounds(state) == []


def test_after_a_recall_the_next_send_is_the_first(team: Team):
    handoff = team.ready()
    team.wall.advance(60_000)
    team["ana"].send(handoff)
    team["ana"].undo(handoff)
    team.wall.advance(3_600_000)
    team["ana"].send(handoff)
    state = team.store.state(handoff)
    assert state.first_sent_at == state.sent_at == team.wall.now
    assert [(r[2], r[4], r[7]) for r in send_rounds(state)] == [(1, "ben", None)]


def test_a_second_send_recalled_leaves_the_first_round_and_its_return(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    first = team.store.state(handoff).sent_at
    team.wall.advance(60_000)
    team["ben"].return_(handoff, "The seat count is missing from the order form")
    team.wall.advance(60_000)
    team["ana"].send(handoff)
    team["ana"].undo(handoff)
    state = team.store.state(handoff)
    assert (state.status, state.sent_at, state.first_sent_at) == ("returned", first, first)
    assert [(r[2], r[7]) for r in send_rounds(state)] == [(1, "returned")]


def test_a_recall_that_arrives_through_sync_takes_the_send_out_of_the_teammates_report(tmp_path, team: Team):
    shared = tmp_path / "shared"
    shared.mkdir()
    ana = teammate(tmp_path, "ana", shared, wall=team.wall)
    lea = teammate(tmp_path, "lea", shared, wall=team.wall, role="lead")
    handoff = ana.create("relay", "Acme — 40 seats", "ben")
    fill(ana, handoff, **VAGUE)
    for replica in (ana, lea, ana, lea):
        sync_once(replica, now=team.wall)
    now = team.wall.now + DAY
    before, times = figures(lea.store, now), send_times(lea.store, handoff)
    team.wall.advance(60_000)
    ana.send(handoff)
    sync_once(ana, now=team.wall)
    sync_once(lea, now=team.wall)
    assert figures(lea.store, now) != before and send_times(lea.store, handoff)[0] == "sent"
    ana.undo(handoff)
    sync_once(ana, now=team.wall)
    sync_once(lea, now=team.wall)
    assert figures(lea.store, now) == before == figures(ana.store, now)
    assert send_times(lea.store, handoff) == times

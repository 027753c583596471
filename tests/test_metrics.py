"""Metrics on hand-built histories with known answers: queues and aging, answer times,
bounce-backs and their reasons, acceptance-window breaches, blocking and waived items,
unclear owners and unsettled conflicts; teammates in several time zones and one
replica whose clock runs ten hours behind.
"""

from __future__ import annotations

import sqlite3
import statistics
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import GOOD_VALUES, RELAY_TOML, Team, replica_for, write_relay
from hypothesis import given, settings
from hypothesis import strategies as st

from baton.core.errors import BatonError, InvalidValue, NotFound
from baton.core.events import Event
from baton.core.ids import new_id
from baton.core.metrics import DAY, HOUR, _percentiles, parse_since, report, transition_key
from baton.core.remind import reminders
from baton.core.rounds import send_rounds

H = HOUR


def approx(hours: float):
    return pytest.approx(hours * H, abs=2_000)


@pytest.fixture
def history(team: Team):
    """Six handoffs with a known history; returns (team, ids, conn, now)."""
    write_relay(
        team.home.templates,
        RELAY_TOML.replace('id = "relay"', 'id = "relay-two"').replace('to_stage = "beta"', 'to_stage = "gamma"'),
        name="relay-two.toml",
    )
    zones = {"ana": "Europe/London", "ben": "America/New_York", "cal": "Asia/Singapore", "lea": "Europe/Berlin"}
    with team.store.atomic():
        for user, tz in zones.items():
            team.store.upsert_teammate(user, user.title(), tz, "member", team.wall.now)
    wall, ana, ben, cal = team.wall, team["ana"], team["ben"], team["cal"]
    # ben also answers from a laptop whose clock is ten hours behind.
    ben_laptop = replica_for(team.home, team.store, "ben", "member", lambda: wall() - 10 * H)
    ids = {}

    ids["h1"] = ana.create("relay", "One — returned late, then accepted", "ben")
    wall.advance(2 * H)
    team.fill(ids["h1"])
    ana.send(ids["h1"])  # create → send 2 h
    wall.advance(30 * H)
    ben.return_(ids["h1"], "Summary is vague, please add the client's words")  # 30 h: 6 h past the window
    wall.advance(1 * H)
    ana.send(ids["h1"])
    wall.advance(4 * H)
    ben.accept(ids["h1"])  # 4 h

    ids["h2"] = ana.create("relay-two", "Two — the other transition", "cal")
    wall.advance(6 * H)
    team.fill(ids["h2"])
    ana.send(ids["h2"])  # create → send 6 h
    wall.advance(1 * H)
    cal.accept(ids["h2"])  # 1 h

    ids["h3"] = cal.create("relay", "Three — returned to cal", "ana")
    try:
        cal.send(ids["h3"])  # blocked by every required item
    except BatonError:
        pass
    wall.advance(10 * H)
    team.fill(ids["h3"], user="cal", seats="900")
    try:
        cal.send(ids["h3"])  # blocked by seats only
    except BatonError:
        pass
    team["lea"].waive(ids["h3"], "seats", "Seats are settled in the order form instead")
    cal.send(ids["h3"])  # create → send 10 h
    wall.advance(2 * H)
    ana.return_(ids["h3"], "  summary is vague, please add the client's words. ")  # 2 h, same reason

    ids["h4"] = ana.create("relay", "Four — sent to someone nobody knows", "zoe")
    wall.advance(3 * H)
    team.fill(ids["h4"])
    ana.send(ids["h4"])  # create → send 3 h; zoe never answers

    ids["h5"] = ana.create("relay", "Five — answered from a slow clock", "ben")
    wall.advance(1 * H)
    team.fill(ids["h5"])
    ana.send(ids["h5"])  # create → send 1 h
    wall.advance(5 * 60_000)
    ben_laptop.accept(ids["h5"])  # its wall says 10 h earlier: counts as 0

    wall.advance(30 * H)
    ids["h6"] = ben.create("relay", "Six — a fresh draft", "ana")
    wall.advance(1 * H)
    conn = sqlite3.connect(team.store.path)
    conn.row_factory = sqlite3.Row
    yield team, ids, conn, wall.now
    conn.close()


def test_rounds_follow_each_send_and_its_answer(history):
    team, ids, conn, now = history
    rounds = send_rounds(team.store.state(ids["h1"]))
    assert [(r[2], r[3], r[4], r[7]) for r in rounds] == [(1, "ana", "ben", "returned"), (2, "ana", "ben", "accepted")]
    assert conn.execute("SELECT COUNT(*) FROM returns").fetchone()[0] == 2
    reasons = {r["by"] for r in conn.execute("SELECT * FROM returns")}
    assert reasons == {"ben", "ana"}


def test_open_queue_and_aging_by_who_has_the_next_step(history):
    team, ids, conn, now = history
    r = report(conn, now)
    assert r.total.open == {"draft": 1, "sent": 1, "returned": 1}
    # h6 draft waits on ben for 1 h; h4 was sent to zoe 32 h 5 m ago; h3 returned to cal 35 h 5 m ago.
    assert r.total.aging == [1, 2, 0]
    people = {f.key: f for f in r.people}
    assert people["ben"].open["draft"] == 1 and people["ben"].aging == [1, 0, 0]
    assert people["zoe"].open["sent"] == 1 and people["zoe"].aging == [0, 1, 0]
    assert people["cal"].open["returned"] == 1 and people["cal"].aging == [0, 1, 0]
    assert people["ana"].open_total == 0


def test_time_to_send_and_to_answer_median_and_p90(history):
    team, ids, conn, now = history
    r = report(conn, now)
    # create → send: 1, 2, 3, 6, 10 h
    assert r.total.to_send.count == 5
    assert r.total.to_send.median_ms == approx(3)
    assert r.total.to_send.p90_ms == approx(8.4)
    # send → answer: 0 (slow clock), 1, 2, 4, 30 h
    assert r.total.to_answer.count == 5
    assert r.total.to_answer.median_ms == approx(2)
    assert r.total.to_answer.p90_ms == approx(19.6)
    people = {f.key: f for f in r.people}
    assert people["ana"].to_send.count == 4 and people["ana"].to_send.median_ms == approx(2.5)
    assert people["ben"].to_answer.count == 3 and people["ben"].to_answer.median_ms == approx(4)
    assert people["ben"].to_answer.p90_ms == approx(4 + 0.8 * 26)


def test_bounce_backs_rate_and_reasons(history):
    team, ids, conn, now = history
    r = report(conn, now)
    assert (r.total.answers, r.total.returns) == (5, 2)
    assert r.total.return_rate == pytest.approx(0.4)
    assert len(r.return_reasons) == 1 and r.return_reasons[0].count == 2
    people = {f.key: f for f in r.people}
    assert (people["ana"].answers, people["ana"].returns) == (4, 1)
    assert (people["cal"].answers, people["cal"].returns) == (1, 1)
    assert people["ben"].returns_given == 1 and people["ana"].returns_given == 1
    assert sum(r.returns_by_week) == 2 and sum(r.answers_by_week) == 5


def test_breaches_waiting_and_answered_late_by_receiver(history):
    team, ids, conn, now = history
    r = report(conn, now)
    assert r.breaches_by_receiver == {"ben": (0, 1), "zoe": (1, 0)}
    late = next(b for b in r.breaches if b.receiver == "ben")
    assert late.handoff_id == ids["h1"] and late.answer == "returned" and late.late_ms == approx(6)
    waiting = next(b for b in r.breaches if b.receiver == "zoe")
    assert waiting.waiting and waiting.late_ms == approx(32 + 5 / 60 - 24)
    assert r.total.breaches == 2


def test_blocking_and_waived_items(history):
    team, ids, conn, now = history
    r = report(conn, now)
    top = r.blocking_items[0]
    assert (top.template_id, top.item_id, top.count, top.handoffs) == ("relay", "seats", 2, 1)
    assert top.text == "Seats sold"
    assert {i.item_id for i in r.blocking_items} >= {"signed", "summary", "seats"}
    assert [(i.item_id, i.count) for i in r.waived_items] == [("seats", 1)]


def test_unclear_owner_and_unsettled_conflicts(history):
    team, ids, conn, now = history
    r = report(conn, now)
    assert [(u.handoff_id, u.next_actor) for u in r.unowned] == [(ids["h4"], "zoe")]
    assert "never synced" in r.unowned[0].why
    assert r.conflicts_total == 0
    # ben's copy accepted h3 while it was already returned: kept in the log, not applied.
    ben = team["ben"]
    stray = Event(
        id=new_id(),
        handoff=ids["h3"],
        kind="accepted",
        hlc=ben.clock.tick(),
        at=team.wall(),
        author="ben",
        replica=ben.config.replica_id,
        payload={},
    )
    team.store.append([stray.row()])
    r = report(conn, team.wall.now)
    assert [(c.handoff_id, c.kind) for c in r.conflicts] == [(ids["h3"], "accepted")]
    team.wall.advance(60_000)
    team["cal"].comment(ids["h3"], "Fixed the summary, sending again soon.")
    assert report(conn, team.wall.now).conflicts_total == 0  # a later change settles it


def test_quiet_teammate_is_not_a_clear_owner(history):
    team, ids, conn, now = history
    with team.store.atomic():
        team.store.conn.execute("UPDATE teammates SET last_seen = ? WHERE user = 'cal'", (now - 9 * DAY,))
    r = report(conn, now)
    quiet = next(u for u in r.unowned if u.next_actor == "cal")
    assert quiet.handoff_id == ids["h3"] and "9 days" in quiet.why


def test_since_bounds_the_flow_figures_not_the_queue(history):
    team, ids, conn, now = history
    after_first_answer = now - 40 * H  # after h1's late return, before h3's send
    r = report(conn, now, since=after_first_answer)
    assert r.total.open_total == 3
    # Only h3's return (35 h ago) is inside; h5's accept carries its slow wall clock (41 h ago).
    assert r.total.to_answer.count == 1 and r.total.returns == 1
    assert r.breaches_by_receiver == {"zoe": (1, 0)}


def test_transition_filter(history):
    team, ids, conn, now = history
    r = report(conn, now, transition="relay-two")
    assert [f.key for f in r.transitions] == ["alpha → gamma"]
    assert (r.total.answers, r.total.returns, r.total.open_total) == (1, 0, 0)
    assert report(conn, now, transition="alpha -> gamma").total.answers == 1
    assert report(conn, now, transition="alpha → beta").total.answers == 4
    with pytest.raises(NotFound, match="relay-two"):
        report(conn, now, transition="nowhere")


def test_reminders_oldest_first_with_breaches(history):
    team, ids, conn, now = history
    queues = reminders(conn, now)
    assert [q.owner for q in queues] == ["cal", "zoe", "ben"]
    assert queues[1].breaches == 1 and queues[1].waiting[0].late_ms == approx(8 + 5 / 60)
    assert queues[0].waiting[0].step.startswith("fix and send again: summary is vague")
    assert [q.owner for q in reminders(conn, now, owner="ben")] == ["ben"]


def test_parse_since_in_the_viewers_zone():
    now = 1_800_000_000_000  # 2027-01-15: March 2026 is behind it (a day still to come is refused)
    singapore = parse_since("2026-03-01", "Asia/Singapore", now)
    new_york = parse_since("2026-03-01", "America/New_York", now)
    assert singapore == int(datetime(2026, 3, 1, tzinfo=ZoneInfo("Asia/Singapore")).timestamp() * 1000)
    assert new_york - singapore == 13 * H
    assert parse_since("7d", "UTC", now) == now - 7 * DAY
    assert parse_since("12h", "UTC", now) == now - 12 * H
    for bad in ("yesterday", "2026-02-30", "7y", ""):
        with pytest.raises(InvalidValue):
            parse_since(bad, "UTC", now)
    assert datetime.fromtimestamp(parse_since("2026-03-01", "UTC", now) / 1000, UTC).hour == 0


def test_transition_key_forms():
    assert transition_key("Sales → Onboarding") == "sales->onboarding"
    assert transition_key(" sales-to-onboarding ") == "sales-to-onboarding"
    assert transition_key("") is None


def test_empty_store_reports_zeroes(team: Team):
    conn = sqlite3.connect(team.store.path)
    r = report(conn, team.wall.now)
    assert r.total.open_total == 0 and r.total.to_send.count == 0 and r.total.return_rate is None
    assert r.breaches == [] and r.unowned == [] and reminders(conn, team.wall.now) == []
    conn.close()


def test_a_recall_drops_its_round_and_a_reassign_moves_the_waiting_one(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    team["ana"].undo(handoff)  # recalled: the send was never received, so it is no round
    team["ana"].send(handoff)
    team["lea"].reassign(handoff, "cal")  # the receiver changes while it waits
    rounds = send_rounds(team.store.state(handoff))
    assert [(r[2], r[4], r[7]) for r in rounds] == [(1, "cal", None)]
    assert GOOD_VALUES  # the relay checklist filled every required item


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a → b", "b → c"]), st.sampled_from(["ana", "ben", "cal"]), st.integers(0, 10 * DAY)
        ),
        min_size=1,
        max_size=40,
    )
)
def test_percentiles_match_the_textbook(rows):
    """Median and p90 per group equal statistics.median and the inclusive 90th percentile."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (tr TEXT, who TEXT, d INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?,?,?)", rows)
    found = _percentiles(conn, "SELECT tr, who, d FROM t", {})
    groups = {("all", ""): [d for _, _, d in rows]}
    for tr, who, d in rows:
        groups.setdefault(("transition", tr), []).append(d)
        groups.setdefault(("person", who), []).append(d)
    assert set(found) == set(groups)
    for key, values in groups.items():
        got = found[key]
        assert got.count == len(values)
        assert got.median_ms == pytest.approx(statistics.median(values))
        p90 = statistics.quantiles(values, n=10, method="inclusive")[8] if len(values) > 1 else values[0]
        assert got.p90_ms == pytest.approx(p90)
    conn.close()


def test_rounds_agree_with_the_handoffs_on_a_generated_team(tmp_path):
    """Every state the generator makes: returns, last send and waiting rounds match the handoff rows."""
    from bench.generate import generate

    generate(tmp_path / "home", 200, seed=4)
    conn = sqlite3.connect(tmp_path / "home" / "baton.db")
    checks = {
        "return counts": "SELECT COUNT(*) FROM handoffs h WHERE return_count != "
        "(SELECT COUNT(*) FROM returns r WHERE r.handoff_id = h.id)",
        "last send": "SELECT COUNT(*) FROM handoffs h WHERE sent_at IS NOT NULL AND sent_at != "
        "(SELECT MAX(sent_at) FROM sends s WHERE s.handoff_id = h.id)",
        "sent has a waiting round": "SELECT COUNT(*) FROM handoffs h WHERE status = 'sent' AND NOT EXISTS "
        "(SELECT 1 FROM sends s WHERE s.handoff_id = h.id AND s.answer IS NULL)",
        "waiting round is sent": "SELECT COUNT(*) FROM sends s JOIN handoffs h ON h.id = s.handoff_id "
        "WHERE s.answer IS NULL AND h.status != 'sent'",
    }
    assert conn.execute("SELECT COUNT(*) FROM sends").fetchone()[0] > 50
    assert {name: conn.execute(sql).fetchone()[0] for name, sql in checks.items()} == dict.fromkeys(checks, 0)
    r = report(conn, int(conn.execute("SELECT MAX(updated_at) FROM handoffs").fetchone()[0]) + HOUR)
    assert (
        r.total.answers
        == conn.execute("SELECT COUNT(*) FROM sends WHERE answer IN ('accepted', 'returned')").fetchone()[0]
    )
    conn.close()


def test_report_leaves_the_connection_as_it_found_it(history):
    """The report reads plain tuples in memory, then hands back the caller's row factory and temp store."""
    team, ids, conn, now = history
    conn.execute("PRAGMA temp_store = FILE")
    first = report(conn, now)
    assert conn.row_factory is sqlite3.Row
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM temp.sqlite_master").fetchone()[0] == 0
    assert report(conn, now) == first
    from baton.core.errors import NotFound

    with pytest.raises(NotFound):
        report(conn, now, transition="no-such-transition")
    assert conn.row_factory is sqlite3.Row

"""A send from a clock set back days counts from its clock stamp, which cannot go back past what that copy had
already written or taken in: the receiver is not late the moment it arrives, on any copy (deadlines.send_moment)."""

from __future__ import annotations

from conftest import GOOD_VALUES, Wall
from sync_support import projection, sync_once, teammate

from baton.core.deadlines import send_moment, state_answer_by
from baton.core.remind import reminders
from baton.core.times import DAY, HOUR

NOW = 1_795_000_000_000


def test_a_send_from_a_clock_set_back_three_days_gives_the_receiver_the_whole_window(tmp_path, shared) -> None:
    ana_wall, ben_wall = Wall(NOW), Wall(NOW)
    ana = teammate(tmp_path, "ana", shared, ana_wall)
    ben = teammate(tmp_path, "ben", shared, ben_wall)
    handoff = ana.create("relay", "Acme outage fix", "ben", values={**GOOD_VALUES, "signed": "yes"})
    sync_once(ana)
    ana_wall.now -= 3 * DAY  # the battery went flat; the date came back three days early
    ana.send(handoff)
    sent = next(e for e in reversed(ana.state(handoff).applied) if e["kind"] == "sent")
    assert sent["at"] < NOW - 2 * DAY and send_moment(sent) > NOW  # the stamp went on from the work before
    sync_once(ana)
    sync_once(ben)
    for replica in (ana, ben):
        state = replica.state(handoff)
        assert state.status == "sent" and state.sent_at == send_moment(sent)
        assert state_answer_by(state) >= NOW + 24 * HOUR, replica.user  # the checklist's 24 hours, from the stamp
        [row] = replica.store.query("SELECT sent_at, deadline FROM sends WHERE handoff_id = ?", (handoff,))
        assert tuple(row) == (state.sent_at, state_answer_by(state))
    [waiting] = [w for q in reminders(ben.store.conn, ben_wall.now + HOUR) for w in q.waiting if q.owner == "ben"]
    assert not waiting.breached and waiting.waited_ms < 2 * HOUR
    assert projection(ana) == projection(ben)


def test_an_honest_send_counts_from_its_wall_time(tmp_path, shared) -> None:
    wall = Wall(NOW)
    ana = teammate(tmp_path, "ana", shared, wall)
    handoff = ana.create("relay", "Acme outage fix", "ben", values={**GOOD_VALUES, "signed": "yes"})
    wall.advance(HOUR)
    ana.send(handoff)
    sent = next(e for e in reversed(ana.state(handoff).applied) if e["kind"] == "sent")
    assert send_moment(sent) == sent["at"] == ana.state(handoff).sent_at
    assert state_answer_by(ana.state(handoff)) == sent["payload"]["answer_by"]

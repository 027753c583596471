"""A send's deadline is never earlier than its rules give, on any copy, whatever the sender recorded.

A send records by when the receiver should answer (the checklist's window, in the receiver's working hours).
A modified baton recorded a deadline one minute after its send: the receiver read "late" everywhere and the
lead's reports counted a missed window. Now every copy counts the recorded deadline only when it is no
earlier than the rules' own for that send (the pinned checklist's window, the receiver's hours, holidays and
days away as the roster stood at the send's stamp), else the rules' deadline (deadlines.counted_answer_by).
Honest sends are never refused and keep the deadline they recorded, across zones, holidays, days away, a
checklist changed after the send and the longest window; one whose copy missed a roster change stamped
before it keeps its send and reads the later, right deadline, everywhere.
"""

from __future__ import annotations

import random
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import GOOD_VALUES, RELAY_TOML, Wall, write_relay
from sync_support import projection, sync_once, teammate
from test_sync_attacks import baton_sync, raw, settle

from baton.core.deadlines import state_answer_by
from baton.core.demo import fill
from baton.core.team import membership
from baton.core.times import MINUTE

BERLIN = "Europe/Berlin"
WORKING = RELAY_TOML.replace("accept_within_hours = 24", 'accept_within = "8 working hours"', 1)


def ms(text: str, tz: str = BERLIN) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).timestamp() * 1000)


def join(tmp_path, shared, lead, user, wall, tz):
    mate = teammate(tmp_path, user, shared, wall=wall, tz=tz)
    code = membership.invite(lead, user, stages=["beta"])
    sync_once(lead)
    membership.join(mate, code)
    sync_once(mate)
    return mate


@pytest.fixture
def office(tmp_path, shared):
    """ana (lead, Tokyo), ben (New York) and cleo (Berlin, German holidays) on one team, on a clock the test sets:
    Friday 27 Nov 2026, 16:00 in Berlin, one working hour before cleo's weekend."""
    wall = Wall(ms("2026-11-20 12:00"))
    ana = teammate(tmp_path, "ana", shared, wall=wall, role="lead", tz="Asia/Tokyo")
    membership.found(ana)
    sync_once(ana)
    ben = join(tmp_path, shared, ana, "ben", wall, "America/New_York")
    cleo = join(tmp_path, shared, ana, "cleo", wall, BERLIN)
    membership.set_member(cleo, "cleo", holidays="DE")
    for replica in (ana, ben, cleo):
        write_relay(replica.home.templates, WORKING)
    membership.publish(ana, ana.catalog().get("relay").template.as_dict())
    settle(ana, ben, cleo)
    wall.now = ms("2026-11-27 16:00")
    return wall, ana, ben, cleo


def filled(ben, checklist="delivery-to-support"):
    if checklist == "relay":
        return ben.create(checklist, "Acme outage fix", "cleo", values={**GOOD_VALUES, "signed": "yes"})
    handoff = ben.create(checklist, "Acme outage fix", "cleo")
    fill(ben, handoff, ben.state(handoff).template, random.Random(1))
    return handoff


def moved(moment: str, since: str, at: int) -> int:
    """`moment` as far on as `at` is past `since` (a send a few clock reads after `since`, in working time)."""
    return ms(moment) + (at - ms(since))


def sent_event(replica, handoff):
    return next(e for e in reversed(replica.state(handoff).applied) if e["kind"] == "sent")


def everywhere(handoff, *replicas):
    """The deadline every copy counts with (the same on each), and each copy's projection the same too."""
    deadlines = {replica.user: state_answer_by(replica.state(handoff)) for replica in replicas}
    assert len(set(deadlines.values())) == 1, deadlines
    for replica in replicas:
        state = replica.state(handoff)
        assert state.status == "sent" and state.conflicts == [], replica.user
        [row] = replica.store.query("SELECT deadline FROM sends WHERE handoff_id = ?", (handoff,))
        assert row[0] == deadlines[replica.user], replica.user
    assert all(projection(r) == projection(replicas[0]) for r in replicas[1:])
    return deadlines[replicas[0].user]


@pytest.mark.parametrize("recorded", ["a minute after", "none at all"])
def test_a_deadline_earlier_than_the_rules_is_ignored_on_every_copy(office, monkeypatch, recorded):
    """ben's modified baton sends on Friday 16:00 with a deadline a minute on (or none: the wall clock's 8 hours)."""
    wall, ana, ben, cleo = office
    handoff = filled(ben)
    payload = {"answer_by": wall.now + MINUTE} if recorded == "a minute after" else {}
    at = raw(ben, "sent", handoff, payload)["at"]
    for replica in (ben, ana, cleo, ben):
        baton_sync(replica, monkeypatch)
    # 1 h on Friday, 7 h on Monday, in cleo's hours
    assert everywhere(handoff, ana, ben, cleo) == moved("2026-11-30 16:00", "2026-11-27 16:00", at)


@pytest.mark.parametrize(
    ("away", "sent", "due"),
    [
        (None, "2026-11-27 16:00", "2026-11-30 16:00"),  # across the weekend, sent from New York
        (None, "2026-12-24 16:00", "2026-12-28 16:00"),  # 25 and 26 Dec are German holidays
        (("2026-11-30", "2026-12-01"), "2026-11-27 16:00", "2026-12-02 16:00"),  # two days away
    ],
)
def test_an_honest_send_keeps_the_deadline_it_recorded(office, away, sent, due):
    wall, ana, ben, cleo = office
    if away:
        membership.away(ana, "cleo", *away, reason="conference")
        settle(ana, ben, cleo)
    wall.now = ms(sent)
    handoff = filled(ben)
    ben.send(handoff)
    settle(ben, ana, cleo)
    recorded = sent_event(ana, handoff)["payload"]["answer_by"]
    assert ms(due) < recorded < ms(due) + MINUTE
    assert everywhere(handoff, ana, ben, cleo) == recorded


def test_a_checklist_changed_after_the_send_does_not_move_its_deadline(office):
    wall, ana, ben, cleo = office
    handoff = filled(ben, "relay")
    ben.send(handoff)
    shorter = WORKING.replace("version = 1", "version = 2").replace('"8 working hours"', '"1 working hours"')
    write_relay(ana.home.templates, shorter)
    membership.publish(ana, ana.catalog().get("relay").template.as_dict())
    settle(ben, ana, cleo)
    recorded = sent_event(ana, handoff)["payload"]["answer_by"]
    assert everywhere(handoff, ana, ben, cleo) == recorded


@pytest.mark.parametrize("hours", [None, "mon 09:00-10:00"])
def test_the_longest_working_window_keeps_its_deadline(office, hours):
    """2,000 working hours: about a year of cleo's week; with one hour a week, the wall clock (as the send said)."""
    wall, ana, ben, cleo = office
    if hours:
        membership.set_member(cleo, "cleo", hours=hours)
    longest = WORKING.replace("version = 1", "version = 3").replace('"8 working hours"', '"2000 working hours"')
    for replica in (ana, ben):
        write_relay(replica.home.templates, longest)
    membership.publish(ana, ana.catalog().get("relay").template.as_dict())
    settle(ana, ben, cleo)
    handoff = filled(ben, "relay")
    ben.send(handoff)
    settle(ben, ana, cleo)
    event = sent_event(ana, handoff)
    recorded = event["payload"]["answer_by"]
    assert everywhere(handoff, ana, ben, cleo) == recorded
    window = 2000 * 60 * MINUTE
    if hours:  # too few working hours in the 800 days searched: the window on the wall clock
        assert abs(recorded - event["at"] - window) < MINUTE
    else:  # about fifty 40-hour weeks
        assert recorded - event["at"] > 300 * 24 * 60 * MINUTE


def test_a_send_that_missed_days_away_stamped_before_it_stands_with_the_later_deadline(office):
    """ana records cleo's Monday away; ben sends before that reaches him: his send stands, due Tuesday everywhere."""
    wall, ana, ben, cleo = office
    handoff = filled(ben)
    membership.away(ana, "cleo", "2026-11-30", "2026-11-30")
    ben.send(handoff)
    event = sent_event(ben, handoff)
    assert ms("2026-11-30 16:00") < event["payload"]["answer_by"] < ms("2026-11-30 16:01")  # ben's copy: Monday
    settle(ana, ben, cleo)
    assert everywhere(handoff, ana, ben, cleo) == moved("2026-12-01 16:00", "2026-11-27 16:00", event["at"])


def test_a_copy_that_knows_a_holiday_the_senders_machine_did_not_keeps_the_recorded_deadline():
    """Public holidays come from each machine's `holidays` package, whose versions differ: a sender whose package
    does not know 25 Dec records an earlier deadline than a copy whose package does would give. The floor leaves
    holidays out, so that copy keeps the recorded deadline, as the sender's copy does: one deadline everywhere."""
    import tomllib
    from dataclasses import replace

    from baton.core.deadlines import counted_answer_by, send_answer_by
    from baton.core.hours import Member
    from baton.core.template import parse_template

    template = parse_template(tomllib.loads(WORKING), "relay")
    cleo = Member("cleo", tz=BERLIN, holidays="DE")
    sent = ms("2026-12-24 16:00")
    unaware = send_answer_by(sent, template.window, replace(cleo, holidays=None))  # the sender's package
    aware = send_answer_by(sent, template.window, cleo)
    assert unaware < aware  # 25 Dec is a holiday in Germany, which only the aware machine counts
    assert counted_answer_by(sent, {"answer_by": unaware}, template, cleo) == unaware
    assert counted_answer_by(sent, {"answer_by": sent + MINUTE}, template, cleo) == unaware  # a forgery: the floor

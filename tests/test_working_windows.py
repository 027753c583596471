"""A working-hours window, end to end: the send records its deadline and every view reads that one."""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from conftest import GOOD_VALUES, RELAY_TOML, own_database, run, write_relay

from baton.core.config import Config, load_config, save_config
from baton.core.deadlines import row_answer_by, state_answer_by
from baton.core.home import Home
from baton.core.hooks import handoff_payload
from baton.core.members import set_profile
from baton.core.remind import reminders
from baton.core.replica import Replica

WORKING = RELAY_TOML.replace("accept_within_hours = 24", 'accept_within = "8 working hours"', 1)


def ms(text: str, tz: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).timestamp() * 1000)


def test_the_send_records_a_working_hours_deadline_everyone_reads(tmp_path) -> None:
    sent_at = ms("2026-11-27 16:00", "Europe/Berlin")  # Friday, 16:00 for Priya
    home = Home(tmp_path / "home")
    Replica.init(home, "ana", tz="America/New_York", display_name="Ana").close()
    ana = Replica.open(home, wall=lambda: sent_at)  # its clock too: a send counts from its stamp where later
    write_relay(home.templates, WORKING)
    ana.store.upsert_teammate("priya", "Priya", "Europe/Berlin")
    set_profile(ana.store, "priya", stages=["beta"], holidays="DE")
    handoff = ana.create("relay", "Acme rollout", "priya", values={**GOOD_VALUES, "signed": "yes"})
    ana.send(handoff)
    due = ms("2026-11-30 16:00", "Europe/Berlin")  # 1 h on Friday, 7 h on Monday
    state = ana.state(handoff)
    assert state_answer_by(state) == due
    row = ana.store.handoff_row(handoff)
    assert row["answer_by"] == due and row_answer_by(row) == due
    [send] = ana.store.query("SELECT deadline FROM sends WHERE handoff_id = ?", (handoff,))
    assert send[0] == due
    assert handoff_payload(row)["answer_by"] == "2026-11-30T15:00:00Z"
    [queue] = reminders(ana.store.conn, sent_at, owner="priya")
    assert queue.waiting[0].deadline == due
    # A later change to Priya's hours does not move a deadline already set.
    set_profile(ana.store, "priya", hours="mon-fri 12:00-13:00")
    assert state_answer_by(ana.state(handoff)) == due
    ana.close()

    listed = json.loads(run("list", "--all", "--json", home=home.root).stdout)
    assert listed[0]["answer_by"] == "2026-11-30T15:00:00Z"
    shown = run("show", handoff, home=home.root).stdout
    # (a day more than six days from the day it is read, or gone, is said with its date)
    assert re.search(r"answer by Mon( 30 Nov)? 10:00 your time, 16:00 for Priya \(8 working hours\)", shown)


def test_the_receiver_sees_the_deadline_in_their_own_time(tmp_path) -> None:
    home = Home(tmp_path / "home")
    Replica.init(home, "ana", tz="Europe/Berlin").close()
    write_relay(home.templates)
    ana = Replica.open(home)
    handoff = ana.create("relay", "Acme rollout", "ben", values={**GOOD_VALUES, "signed": "yes"})
    ana.send(handoff)
    ana.close()
    config = load_config(home)
    save_config(home, Config(**{**config.as_dict(), "user": "ben", "replica_id": "b" * 16}))
    own_database(home, "b" * 16)  # the same database, read as ben's
    shown = run("show", handoff, home=home.root).stdout
    assert "your time (24h)" in shown and " for " not in shown.split("answer by", 1)[1].splitlines()[0]


def test_breaches_count_the_receivers_working_hours(tmp_path) -> None:
    """Sent Friday 16:00 in Berlin: by Saturday noon a 8-hour wall window is missed, 8 working hours are not."""
    from baton.core.metrics import report

    sent_at = ms("2026-11-27 16:00", "Europe/Berlin")
    saturday, tuesday = ms("2026-11-28 12:00", "Europe/Berlin"), ms("2026-12-01 09:00", "Europe/Berlin")
    home = Home(tmp_path / "home")
    Replica.init(home, "ana", tz="UTC").close()
    ana = Replica.open(home, wall=lambda: sent_at)
    write_relay(home.templates, WORKING)
    write_relay(
        home.templates,
        RELAY_TOML.replace("accept_within_hours = 24", "accept_within_hours = 8", 1).replace(
            'id = "relay"', 'id = "wall"', 1
        ),
        "wall.toml",
    )
    ana.store.upsert_teammate("priya", "Priya", "Europe/Berlin")
    for template in ("relay", "wall"):
        ana.send(ana.create(template, f"On {template}", "priya", values={**GOOD_VALUES, "signed": "yes"}))
    assert report(ana.store.conn, saturday).breaches_by_receiver == {"priya": (1, 0)}
    assert report(ana.store.conn, tuesday).breaches_by_receiver == {"priya": (2, 0)}
    ana.close()

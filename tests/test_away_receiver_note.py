"""Naming a receiver who is away today says so: the handoff waits for them, and the sender should know.

Routing passes over a member who is away; named by hand (`new --to`, `reassign --to`) they got the handoff
with no word at all, so the sender learned of the days away only when nothing happened.
"""

from __future__ import annotations

import json

import pytest
from cli_support import baton
from conftest import write_relay
from team_support import Clock, team, trade

from baton.core.hlc import now_ms
from baton.core.team import membership


@pytest.fixture
def ana_home(tmp_path):
    people = team(tmp_path, Clock(now_ms()), members=("ben", "cal"))
    ana = people["ana"]
    write_relay(ana.home.templates)
    membership.publish(ana, ana.catalog().get("relay").template.as_dict())
    for who in ("ana", "ben", "cal"):  # everyone has synced: no "nobody called … has synced yet" note
        ana.store.upsert_teammate(who, who.title(), "UTC", last_seen=now_ms())
    trade(*people.values())
    for person in people.values():
        person.close()
    return ana.home


def test_new_and_reassign_to_someone_away_today_say_until_when(ana_home) -> None:
    assert baton(ana_home.root, "away", "--user", "ben", "--from", "2026-01-01", "--to", "2099-01-01").exit_code == 0
    made = baton(ana_home.root, "new", "relay", "--title", "Acme rollout", "--to", "ben")
    assert made.exit_code == 0, made.stderr
    assert made.stderr.strip() == "note: ben is away until Thu 1 Jan 2099; the handoff waits for them"
    handoff = made.stdout.strip()
    assert json.loads(baton(ana_home.root, "show", handoff, "--json").stdout)["receiver"] == "ben"
    other = baton(ana_home.root, "new", "relay", "--title", "Globex pilot", "--to", "cal")
    assert other.exit_code == 0 and other.stderr == ""  # cal is in: nothing to note
    moved = baton(ana_home.root, "reassign", other.stdout.strip(), "--to", "ben")
    assert moved.exit_code == 0, moved.stderr
    assert "ben is away until Thu 1 Jan 2099" in moved.stderr


def test_send_to_someone_away_says_so_and_to_someone_removed_since_the_draft_is_refused(ana_home) -> None:
    from conftest import GOOD_VALUES

    from baton.core.replica import Replica

    drafts = {}
    for who in ("ben", "cal"):
        made = baton(ana_home.root, "new", "relay", "--title", f"For {who}", "--to", who)
        assert made.exit_code == 0 and made.stderr == ""  # both in, nothing to note yet
        drafts[who] = made.stdout.strip()
        for item_id, raw in GOOD_VALUES.items():
            assert baton(ana_home.root, "set", drafts[who], item_id, *([] if raw is None else [raw])).exit_code == 0
    assert baton(ana_home.root, "away", "--user", "ben", "--from", "2026-01-01", "--to", "2099-01-01").exit_code == 0
    ana = Replica.open(ana_home)
    membership.remove(ana, "cal")
    full_id = ana.state(drafts["cal"]).id
    ana.close()
    to_ben = baton(ana_home.root, "send", drafts["ben"])
    assert to_ben.exit_code == 0
    assert to_ben.stderr.strip() == "note: ben is away until Thu 1 Jan 2099; the handoff waits for them"
    to_cal = baton(ana_home.root, "send", drafts["cal"])
    assert to_cal.exit_code == 5 and to_cal.stdout == ""
    assert to_cal.stderr == (
        "baton: cal was removed from the team by ana: give the draft another receiver, then send it "
        f"(`baton reassign {drafts['cal']} --receiver USER`)\n"
    )
    shown = baton(ana_home.root, "show", drafts["cal"])
    assert json.loads(baton(ana_home.root, "show", drafts["cal"], "--json").stdout)["status"] == "draft"
    assert (
        "Cannot send: cal was removed from the team by ana: give the draft another receiver, then send it "
        f"(`baton reassign {full_id} --receiver USER`)"
    ) in shown.stdout.splitlines()


def test_show_json_says_a_send_is_refused_because_the_receiver_was_removed(ana_home) -> None:
    """`show` prints "Cannot send: …"; `show --json` gives a script the same words, and null when a send would go."""
    from baton.core.receiver_rules import unsent_words
    from baton.core.replica import Replica

    drafts = {}
    for who in ("ben", "cal"):
        made = baton(ana_home.root, "new", "relay", "--title", f"For {who}", "--to", who)
        assert made.exit_code == 0, made.stderr
        drafts[who] = made.stdout.strip()
    ana = Replica.open(ana_home)
    membership.remove(ana, "cal")
    ana.close()
    refused = json.loads(baton(ana_home.root, "show", drafts["cal"], "--json").stdout)
    assert refused["send_refused"] == unsent_words("cal", "ana")
    assert f"Cannot send: {refused['send_refused']} (" in baton(ana_home.root, "show", drafts["cal"]).stdout
    assert json.loads(baton(ana_home.root, "show", drafts["ben"], "--json").stdout)["send_refused"] is None


def test_naming_someone_outside_the_hours_they_set_says_when_they_are_back(ana_home) -> None:
    """Before, a receiver off for the evening or a public holiday of theirs got the handoff with only "It is 19:00
    for Fay"; the default hours are nobody's word, so a receiver who set none gets no such note."""
    from datetime import UTC, datetime

    other_day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[(datetime.now(UTC).weekday() + 3) % 7]
    assert baton(ana_home.root, "team", "set", "ben", "--hours", f"{other_day} 09:00-17:00").exit_code == 0
    made = baton(ana_home.root, "new", "relay", "--title", "Acme rollout", "--to", "ben")
    assert made.exit_code == 0, made.stderr
    note = made.stderr.strip()
    assert note.startswith("note: ben is off now; back ") and note.endswith(
        " 09:00 their time; the handoff waits for them"
    )
    other = baton(ana_home.root, "new", "relay", "--title", "Globex pilot", "--to", "cal")
    assert other.exit_code == 0 and other.stderr == ""  # cal set no hours: nothing said of them

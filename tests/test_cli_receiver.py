"""`baton reassign ID --receiver USER`: a draft or returned handoff gets another receiver; its sender keeps it.

One line on stderr and nothing written for every refusal: both or neither of --to and --receiver
(exit 2), someone removed from the team (exit 5, the fold's own words), a sent handoff or someone
who is neither its sender nor a lead (exit 5), a near-miss of a teammate's name (exit 4).
"""

from __future__ import annotations

import json

import pytest
from cli_support import baton
from conftest import GOOD_VALUES, write_relay
from team_support import Clock, team, trade

from baton.core.replica import Replica
from baton.core.team import membership


@pytest.fixture
def homes(tmp_path):
    """ana (a lead) with ben, cal and dora; cal was removed. Each person's home, closed."""
    people = team(tmp_path, Clock(), members=("ben", "cal", "dora"))
    ana = people["ana"]
    write_relay(ana.home.templates)
    membership.publish(ana, ana.catalog().get("relay").template.as_dict())
    for who in ("ben", "cal", "dora"):
        ana.store.upsert_teammate(who, who.title(), "UTC", last_seen=1)
    membership.remove(ana, "cal", reason="left the company")
    trade(*people.values())
    for person in people.values():
        person.close()
    return {user: person.home for user, person in people.items()}


def share(homes) -> None:
    """Every home takes in every other's events, as sync would."""
    replicas = [Replica.open(home) for home in homes.values()]
    try:
        trade(*replicas)
    finally:
        for replica in replicas:
            replica.close()


def shown(home, handoff) -> dict:
    return json.loads(baton(home.root, "show", handoff, "--json").stdout)


def events(home) -> int:
    replica = Replica.open(home)
    try:
        return replica.store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    finally:
        replica.close()


def draft(homes, to: str = "ben") -> str:
    """ana's draft to `to`, made through core."""
    replica = Replica.open(homes["ana"])
    try:
        return replica.create("relay", "Acme rollout", to)
    finally:
        replica.close()


def test_the_sender_names_another_receiver(homes) -> None:
    handoff = draft(homes, to="ben")
    result = baton(homes["ana"].root, "reassign", handoff, "--receiver", "dora")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Receiver changed: dora receives it when it is sent."
    got = shown(homes["ana"], handoff)
    assert (got["sender"], got["receiver"], got["next"], got["status"]) == ("ana", "dora", "ana", "draft")
    assert got["history"][-1]["kind"] == "receiver_changed"
    assert got["history"][-1]["summary"] == "changed the receiver from ben to dora"


@pytest.mark.parametrize("options", [(), ("--to", "ben", "--receiver", "dora")])
def test_both_or_neither_is_a_usage_error(homes, options) -> None:
    handoff = draft(homes, to="ben")
    before = events(homes["ana"])
    result = baton(homes["ana"].root, "reassign", handoff, *options)
    assert result.exit_code == 2
    assert "--to USER" in result.stderr and "--receiver USER" in result.stderr
    assert events(homes["ana"]) == before


def test_a_removed_member_is_refused_in_the_folds_words(homes) -> None:
    handoff = draft(homes, to="ben")
    before = events(homes["ana"])
    result = baton(homes["ana"].root, "reassign", handoff, "--receiver", "cal", "--new-teammate")
    assert result.exit_code == 5
    assert result.stderr.strip() == "baton: cal was removed from the team by ana: name someone on the team"
    assert events(homes["ana"]) == before


def test_a_near_miss_is_a_typo_unless_someone_new(homes) -> None:
    handoff = draft(homes, to="ben")
    result = baton(homes["ana"].root, "reassign", handoff, "--receiver", "dorra")
    assert result.exit_code == 4 and "did you mean dora?" in result.stderr
    result = baton(homes["ana"].root, "reassign", handoff, "--receiver", "dorra", "--new-teammate")
    assert result.exit_code == 0, result.output
    assert "dorra is not on the team" in result.stderr
    assert shown(homes["ana"], handoff)["receiver"] == "dorra"


def test_a_sent_handoff_keeps_its_receiver(homes) -> None:
    handoff = draft(homes, to="ben")
    for item_id, raw in GOOD_VALUES.items():
        assert baton(homes["ana"].root, "set", handoff, item_id, *([] if raw is None else [raw])).exit_code == 0
    assert baton(homes["ana"].root, "send", handoff).exit_code == 0
    before = events(homes["ana"])
    result = baton(homes["ana"].root, "reassign", handoff, "--receiver", "dora")
    assert result.exit_code == 5
    assert result.stderr.strip() == (
        "baton: the handoff was sent: only a draft or returned handoff can get another receiver"
    )
    assert events(homes["ana"]) == before


def test_only_the_sender_or_a_lead(homes) -> None:
    handoff = draft(homes, to="ben")
    share(homes)
    before = events(homes["ben"])
    result = baton(homes["ben"].root, "reassign", handoff, "--receiver", "dora")
    assert result.exit_code == 5
    assert result.stderr.strip() == "baton: only ana (the sender) or a lead can change its receiver"
    assert events(homes["ben"]) == before


def test_the_change_reaches_every_copy(homes) -> None:
    handoff = draft(homes, to="ben")
    assert baton(homes["ana"].root, "reassign", handoff, "--receiver", "dora").exit_code == 0
    share(homes)
    for user in ("ana", "ben", "dora"):
        got = shown(homes[user], handoff)
        assert (got["receiver"], got["conflicts"]) == ("dora", []), user

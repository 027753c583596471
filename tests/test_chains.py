"""Chains: an accept opens the next draft, values carried with their origin, linked both ways, one draft across devices."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOOD_VALUES, RELAY_TOML, Wall, write_relay
from sync_support import fill, projection, sync_once, teammate

from baton.core.chains import links, open_next, origin_line
from baton.core.drafts import next_id
from baton.core.errors import NotAllowed
from baton.core.members import set_profile
from baton.core.replica import Replica

CHAINED = RELAY_TOML.replace('description = "', 'next = ["onward"]\ndescription = "', 1)
ONWARD = """\
id = "onward"
version = 1
title = "Onward: beta hands to gamma"
from_stage = "beta"
to_stage = "gamma"
trigger = "Beta is done"

[[items]]
id = "summary"
text = "Summary in the client's words"
why = "Gamma must not ask the client again."
kind = "text"
required = true

[[items]]
id = "project"
text = "Project code"
why = "Time is booked under it."
kind = "text"
carry_from = "relay:code"
required = true

[[items]]
id = "seats"
text = "Seats, as a choice"
why = "A value of another kind must not carry."
kind = "choice"
choices = ["few", "many"]

[[items]]
id = "handover-call"
text = "Handover call held"
why = "Questions get answered once."
"""


def chained(replica: Replica) -> None:
    write_relay(replica.home.templates, CHAINED)
    write_relay(replica.home.templates, ONWARD, "onward.toml")
    set_profile(replica.store, "cal", stages=["gamma"])


def accepted(ana: Replica, ben: Replica, sync=None) -> str:
    handoff = ana.create("relay", "Acme rollout", "ben")
    fill(ana, handoff)
    ana.send(handoff)
    if sync:
        sync(ana), sync(ben)
    ben.accept(handoff)
    return handoff


def test_accept_opens_the_next_draft_with_carried_values(team) -> None:
    for person in team.people.values():
        chained(person)
    handoff = accepted(team["ana"], team["ben"])
    [opened] = open_next(team["ben"], handoff)
    assert (opened.template_id, opened.receiver, opened.carried, opened.existed) == ("onward", "cal", 2, False)
    draft = team["ben"].state(opened.handoff_id)
    assert draft.sender == "ben" and draft.status == "draft" and draft.title == "Acme rollout"
    assert draft.values == {"summary": GOOD_VALUES["summary"], "project": "ACM-42"}
    assert draft.carried["project"]["item"] == "code"
    assert origin_line(draft.carried["project"], "UTC").startswith("from Acme rollout, alpha → beta, set by ana on ")
    assert draft.route is not None and draft.route["stage"] == "gamma"
    # linked both ways
    before, after = links(team.store, draft)
    assert before is not None and before.handoff_id == handoff and after == []
    before, after = links(team.store, team["ben"].state(handoff))
    assert before is None and [a.handoff_id for a in after] == [opened.handoff_id]
    # opening again finds the same draft
    [again] = open_next(team["ben"], handoff)
    assert again.existed and again.handoff_id == opened.handoff_id
    # changing a carried value drops its origin
    team["ben"].set_item(opened.handoff_id, "project", "ACM-43")
    assert "project" not in team["ben"].state(opened.handoff_id).carried


def test_only_the_receiver_of_an_accepted_handoff_opens_the_next(team) -> None:
    for person in team.people.values():
        chained(person)
    handoff = team["ana"].create("relay", "Acme rollout", "ben")
    with pytest.raises(NotAllowed):
        open_next(team["ana"], handoff)
    fill(team["ana"], handoff)
    team["ana"].send(handoff)
    team["ben"].accept(handoff)
    with pytest.raises(NotAllowed):
        open_next(team["ana"], handoff)


def test_no_receiver_for_the_next_stage_is_reported_not_raised(team) -> None:
    for person in team.people.values():
        write_relay(person.home.templates, CHAINED)
        write_relay(person.home.templates, ONWARD, "onward.toml")
    handoff = accepted(team["ana"], team["ben"])
    [opened] = open_next(team["ben"], handoff)
    assert not opened.handoff_id and "gamma" in opened.problem
    [refused] = open_next(team["ben"], handoff, to="ben")  # a handoff moves work between two people
    assert not refused.handoff_id and "someone else" in refused.problem
    [named] = open_next(team["ben"], handoff, to="ana")  # the way on: the receiver named
    assert named.handoff_id and named.receiver == "ana" and named.carried
    state = team["ben"].state(named.handoff_id)
    assert (state.sender, state.receiver, state.chain["from"]) == ("ben", "ana", handoff)


def test_two_devices_opening_the_next_draft_converge_on_one(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    wall = Wall()
    ana = teammate(tmp_path, "ana", shared, wall)
    laptop = teammate(tmp_path, "ben", shared, wall)
    phone = teammate(tmp_path, "ben", shared, wall, device="-phone")
    cal = teammate(tmp_path, "cal", shared, wall)
    team = [ana, laptop, phone, cal]
    for person in team:
        chained(person)
    handoff = accepted(ana, laptop, sync=sync_once)
    sync_once(laptop), sync_once(phone)
    from_laptop = open_next(laptop, handoff)[0]
    from_phone = open_next(phone, handoff)[0]
    assert from_laptop.handoff_id == from_phone.handoff_id
    assert from_laptop.handoff_id == next_id(phone.state(handoff).applied[-1]["id"], "onward")
    for _ in range(2):
        for person in team:
            sync_once(person)
    views = [projection(person) for person in team]
    assert all(view == views[0] for view in views)
    drafts = [row for row in views[0]["handoffs"] if row[0] != handoff]
    assert len(drafts) == 1
    assert views[0]["conflicts"] == []


def test_built_in_chains_name_real_checklists_and_items() -> None:
    from baton.core.catalog import Catalog

    catalog = {entry.template.id: entry.template for entry in Catalog()}
    chains = {t.id: t.next for t in catalog.values() if t.next}
    assert chains == {
        "marketing-to-sales": ["sales-to-onboarding"],
        "sales-to-onboarding": ["onboarding-to-delivery"],
        "onboarding-to-delivery": ["delivery-to-account-management"],
        "support-to-delivery": ["delivery-to-support"],
    }
    for template in catalog.values():
        for after in template.next:
            assert catalog[after].from_stage == template.to_stage, (template.id, after)
        for item in template.items:
            if item.carry_from:
                source_id, _, source_item = item.carry_from.partition(":")
                assert template.id in catalog[source_id].next, item.carry_from
                assert catalog[source_id].item(source_item) is not None, item.carry_from

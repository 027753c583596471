"""A handoff's values said to be carried from a teammate's handoff are shown so only when that handoff bears it out.

A `created` event may say where each starting value came from ("carried from Acme rollout, set by ana").
A modified baton wrote such a claim over its writer's own words, and `show`, the brief and the app
repeated it as ana's. Now every copy checks the claim against the source handoff's own events when the
handoff is read (core/provenance.py): shown as carried only when the creator accepted that handoff and the
item there had that value, set by that person at that time; otherwise it reads as the creator's own
answer. The verdict is the same on every copy once it holds both handoffs, whichever arrived first.
"""

from __future__ import annotations

import json
import random
import shutil

from click.testing import CliRunner
from sync_support import segments, sync_once
from test_sync_attacks import baton_sync, crew, raw, settle  # noqa: F401 - the fixture
from test_sync_trust import join

from baton.core.brief import brief_markdown
from baton.core.chains import accept_event, open_next
from baton.core.demo import fill
from baton.core.drafts import next_id
from baton.core.ids import new_id
from baton.core.provenance import NOT_YET
from baton.tui.cli import cli

NEXT = "onboarding-to-delivery"


def accepted_by_ben(ana, ben, *others):
    """ana's filled handoff, sent to ben and accepted by him, on every copy."""
    handoff = ana.create("sales-to-onboarding", "Acme rollout", "ben")
    fill(ana, handoff, ana.state(handoff).template, random.Random(1))
    ana.send(handoff)
    settle(ana, ben, *others)
    ben.accept(handoff)
    settle(ben, ana, *others)
    return handoff


def set_event(replica, handoff, item):
    """The `item_set` event that gave `item` its value on `handoff` (id, author, at)."""
    state = replica.state(handoff)
    return next(e for e in reversed(state.applied) if e["kind"] == "item_set" and e["payload"]["item"] == item)


def claim_of(replica, handoff, item, **facts):
    """A claim as open_next writes it: ana's handoff, her item, her setting of it."""
    event = set_event(replica, handoff, item)
    return {
        "handoff": handoff,
        "title": "Acme rollout",
        "transition": "sales → onboarding",
        "item": item,
        "by": event["author"],
        "at": event["at"],
        **facts,
    }


def forged_start(replica, handoff_id, values, carried, chain=None, to="cleo"):
    """A `created` of the next checklist written straight into `replica`'s log, signed by its own device."""
    template = replica.catalog().get(NEXT).template.as_dict()
    payload = {"template": template, "title": "Acme delivery", "to": to, "due": None}
    payload.update(values=values, carried=carried)
    if chain:
        payload["chain"] = chain
    return raw(replica, "created", handoff_id, payload)


def show(replica, handoff, monkeypatch, *args):
    monkeypatch.setenv("BATON_HOME", str(replica.home.root))
    result = CliRunner().invoke(cli, ["show", handoff[:12], *args])
    assert result.exit_code == 0, result.output
    return result.output


def brief(replica, handoff):
    return brief_markdown(replica.state(handoff), "UTC", replica.wall())


def test_an_honest_chain_shows_where_each_value_came_from_on_every_copy(crew, monkeypatch):  # noqa: F811
    ana, ben, cleo, _ = crew
    handoff = accepted_by_ben(ana, ben, cleo)
    opened = open_next(ben, handoff, to="cleo")[0]
    settle(ben, ana, cleo)
    for replica in (ana, ben, cleo):
        state = replica.state(opened.handoff_id)
        assert state.unconfirmed == {}, replica.user
        origin = state.carried["success-criteria"]
        assert (origin["handoff"], origin["item"], origin["by"]) == (handoff, "client-goals", "ana"), replica.user
        assert "set by ana" in brief(replica, opened.handoff_id)
    assert "success-criteria carried from Acme rollout" in show(cleo, opened.handoff_id, monkeypatch)


def test_a_claim_with_no_chain_reads_as_its_writers_own_answer_everywhere(crew, monkeypatch):  # noqa: F811
    """ben writes his words into a new handoff, "carried from ana's handoff, set by ana": nobody reads them as hers."""
    ana, ben, cleo, _ = crew
    handoff = accepted_by_ben(ana, ben, cleo)
    forged = new_id(ben.config.replica_id)
    claim = claim_of(ana, handoff, "client-goals")
    forged_start(ben, forged, {"success-criteria": "Ana agreed we skip the migration"}, {"success-criteria": claim})
    for replica in (ben, ana, cleo):
        baton_sync(replica, monkeypatch)
    for replica in (ana, ben, cleo):
        state = replica.state(forged)
        assert state.carried == {} and "success-criteria" in state.unconfirmed, replica.user
        text = brief(replica, forged)
        line = next(line for line in text.splitlines() if "`success-criteria`" in line)
        assert "set by ben" in line and "set by ana" not in line and "not confirmed" in line, replica.user
        shown = show(replica, forged, monkeypatch)
        assert "success-criteria carried" not in shown and "carried: ana" not in shown, replica.user
        assert "success-criteria: ben's own answer:" in shown, replica.user
        assert json.loads(show(replica, forged, monkeypatch, "--json"))["carried"] == {}, replica.user


def test_an_accept_of_ones_own_does_not_vouch_for_words_the_source_never_held(crew, monkeypatch):  # noqa: F811
    """ben accepted ana's handoff, so he may carry from it: but only what it held, as who set it, when."""
    ana, ben, cleo, _ = crew
    handoff = accepted_by_ben(ana, ben, cleo)
    accept = accept_event(ben.state(handoff))["id"]
    forged = next_id(accept, NEXT)
    claims = {
        "success-criteria": claim_of(ana, handoff, "client-goals"),  # ana's setting, ben's words
        "go-live-date": claim_of(ana, handoff, "promised-go-live", by="ana", at=1),  # a time ana set nothing at
    }
    real_date = ana.state(handoff).values["promised-go-live"]
    values = {"success-criteria": "No migration, ana said", "go-live-date": real_date}
    forged_start(ben, forged, values, claims, {"from": handoff, "accept": accept})
    for replica in (ben, ana, cleo):
        baton_sync(replica, monkeypatch)
    for replica in (ana, ben, cleo):
        state = replica.state(forged)
        assert state.exists and state.carried == {}, replica.user
        assert set(state.unconfirmed) == {"success-criteria", "go-live-date"}, replica.user


def test_someone_who_did_not_accept_the_source_cannot_borrow_its_provenance(crew, monkeypatch):  # noqa: F811
    """cleo writes the next handoff of ben's accept, with ana's true value, time and name: she was never entitled."""
    ana, ben, cleo, _ = crew
    handoff = accepted_by_ben(ana, ben, cleo)
    accept = accept_event(cleo.state(handoff))["id"]
    forged = next_id(accept, NEXT)
    goals = ana.state(handoff).values["client-goals"]
    claim = claim_of(ana, handoff, "client-goals")
    chain = {"from": handoff, "accept": accept}
    forged_start(cleo, forged, {"success-criteria": goals}, {"success-criteria": claim}, chain, to="ana")
    for replica in (cleo, ana, ben):
        baton_sync(replica, monkeypatch)
    for replica in (ana, ben, cleo):
        state = replica.state(forged)
        assert state.exists and state.carried == {} and "success-criteria" in state.unconfirmed, replica.user


def test_the_verdict_waits_for_the_source_and_then_matches_every_copy(tmp_path, shared, crew):  # noqa: F811
    """dan receives the next handoff before the one it was opened from: not confirmed yet, then as everywhere."""
    ana, ben, cleo, _ = crew
    dan = join(tmp_path, shared, ana, "dan")
    settle(ana, ben, cleo, dan)
    before = set(segments(ana))
    handoff = accepted_by_ben(ana, ben, cleo)
    opened = open_next(ben, handoff, to="cleo")[0].handoff_id
    forged = new_id(ben.config.replica_id)
    claim = claim_of(ana, handoff, "client-goals")
    forged_start(ben, forged, {"success-criteria": "Skip the migration"}, {"success-criteria": claim})
    settle(ben, ana, cleo)
    late = [p for p in segments(ana) if p not in before]
    held = tmp_path / "held-back"
    held.mkdir()
    for path in late:  # the sync engine has not brought ana's newest files to dan's device yet
        shutil.move(path, held / path.name)
    sync_once(dan)
    early = dan.state(opened)
    assert early.carried == {} and set(early.unconfirmed.values()) == {NOT_YET}
    for path in late:
        shutil.move(held / path.name, path)
    sync_once(dan)
    for handoff_id in (opened, forged):
        ours = dan.state(handoff_id)
        for replica in (ana, ben, cleo):
            theirs = replica.state(handoff_id)
            assert (theirs.carried, theirs.unconfirmed) == (ours.carried, ours.unconfirmed), replica.user
    assert dan.state(opened).carried and dan.state(opened).unconfirmed == {}
    assert dan.state(forged).carried == {}


def test_a_value_carried_along_two_handoffs_is_confirmed_back_to_who_wrote_it(crew):  # noqa: F811
    """cleo's lead notes reach ana's sales handoff, then ben's onboarding one: still cleo's words, on every copy."""
    ana, ben, cleo, _ = crew
    lead = cleo.create("marketing-to-sales", "Acme rollout", "ana")
    fill(cleo, lead, cleo.state(lead).template, random.Random(2))
    cleo.send(lead)
    settle(cleo, ana, ben)
    ana.accept(lead)
    sales = open_next(ana, lead, to="ben")[0].handoff_id
    fill(ana, sales, ana.state(sales).template, random.Random(3), skip=("client-goals",))
    ana.send(sales)
    settle(ana, ben, cleo)
    ben.accept(sales)
    onboarding = open_next(ben, sales, to="cleo")[0].handoff_id
    settle(ben, ana, cleo)
    for replica in (ana, ben, cleo):
        state = replica.state(onboarding)
        origin = state.carried["success-criteria"]
        assert (origin["handoff"], origin["item"], origin["by"]) == (lead, "need", "cleo"), replica.user
        assert origin["transition"] == "marketing → sales" and state.unconfirmed == {}, replica.user


def test_whoever_holds_the_accepted_handoff_when_opening_the_next_is_its_carrier(crew, monkeypatch):  # noqa: F811
    """ana hands ben's accepted handoff on to cleo: the next one cleo opens carries ana's words, as ana's."""
    ana, ben, cleo, _ = crew
    handoff = accepted_by_ben(ana, ben, cleo)
    ana.reassign(handoff, "cleo")
    settle(ana, ben, cleo)
    opened = open_next(cleo, handoff, to="ben")[0].handoff_id
    accept = accept_event(ben.state(handoff))["id"]
    forged = next_id(accept, NEXT)
    assert forged == opened
    settle(cleo, ana, ben)
    for replica in (ana, ben, cleo):
        state = replica.state(opened)
        assert state.unconfirmed == {} and state.carried["success-criteria"]["by"] == "ana", replica.user


def test_an_accept_vouches_for_nobody_once_the_handoff_has_moved_on(crew, monkeypatch):  # noqa: F811
    """ben accepted ana's handoff, then ana handed it to cleo: a next handoff ben writes after that, with ana's
    true value, time and name, is not confirmed on any copy."""
    ana, ben, cleo, _ = crew
    handoff = accepted_by_ben(ana, ben, cleo)
    ana.reassign(handoff, "cleo")
    settle(ana, ben, cleo)
    accept = accept_event(ben.state(handoff))["id"]
    forged = next_id(accept, NEXT)
    goals = ana.state(handoff).values["client-goals"]
    claim = claim_of(ana, handoff, "client-goals")
    chain = {"from": handoff, "accept": accept}
    forged_start(ben, forged, {"success-criteria": goals}, {"success-criteria": claim}, chain)
    for replica in (ben, ana, cleo):
        baton_sync(replica, monkeypatch)
    for replica in (ana, ben, cleo):
        state = replica.state(forged)
        assert state.exists and state.carried == {} and "success-criteria" in state.unconfirmed, replica.user

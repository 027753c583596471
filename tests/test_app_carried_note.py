"""A value said to be carried from another handoff, and not confirmed on this copy, says so under its item in
the app, in the words `baton show` prints (core/provenance.py): before, the app showed it as any answer."""

from __future__ import annotations

import os

from click.testing import CliRunner
from test_app_support import T0, FrozenClock, settle, team
from textual.widgets import Static

from baton.core.events import Event
from baton.core.home import Home
from baton.core.provenance import NOT_BORNE_OUT, unconfirmed_words
from baton.tui.app import BatonApp
from baton.tui.cli import cli
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.widgets.item_input import ItemInput

SUMMARY = "Forty seats, annual, invoiced quarterly"


def claimed_start(maya) -> str:
    """maya's draft whose summary is said to be carried from priya's handoff, which this copy has never held."""
    handoff = os.urandom(16).hex()
    claim = {"handoff": "f" * 32, "title": "Acme lead", "transition": "marketing → sales", "item": "summary"}
    payload = {
        "template": maya.catalog().get("kit").template.as_dict(),
        "title": "Acme - 40 seats",
        "to": "ben",
        "due": None,
        "values": {"summary": SUMMARY},
        "carried": {"summary": {**claim, "by": "priya", "at": T0}},
    }
    event = {"id": os.urandom(16).hex(), "handoff": handoff, "kind": "created", "hlc": maya.clock.tick(),
             "at": maya.wall(), "author": "maya", "replica": maya.config.replica_id, "payload": payload}  # fmt: skip
    maya.store.append([Event.model_validate({"v": 1, **event}).row()], clock=maya.clock.last)
    return handoff


async def test_the_item_view_says_a_carried_value_is_not_confirmed_as_show_does(tmp_path, monkeypatch):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = claimed_start(maya)
    state = maya.state(handoff)
    assert state.unconfirmed == {"summary": NOT_BORNE_OUT} and state.values["summary"] == SUMMARY
    words = unconfirmed_words(state, "summary")
    monkeypatch.setenv("BATON_HOME", str(tmp_path))
    shown = CliRunner().invoke(cli, ["show", handoff[:12]], env={"COLUMNS": "200"}).output
    assert f"summary: {words}" in shown
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(HandoffScreen(handoff))
        await settle(pilot)
        notes = {box.item.id: box.query_one(".item-carried", Static) for box in app.screen.query(ItemInput)}
        assert notes["summary"].display and str(notes["summary"].render()) == words
        assert not any(note.display for item, note in notes.items() if item != "summary")
        maya.clear_item(handoff, "summary")  # emptied: nothing left to say it of, as `show` says nothing
        app.screen.reload()
        await settle(pilot)
        assert not notes["summary"].display

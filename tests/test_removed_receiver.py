"""A handoff is never named to someone a lead removed from the team: refused in one line, exit 5, nothing written.

Before, `new --to cal` and `reassign --to cal` after cal's removal went through with the note "cal is not on
the team; the handoff waits for them until a lead adds them": the work waited on someone who can no
longer act on it, and `--new-teammate` did not change that.
"""

from __future__ import annotations

import json

import pytest
from cli_support import baton
from conftest import write_relay
from team_support import Clock, team, trade

from baton.core.receivers import not_removed
from baton.core.replica import Replica
from baton.core.team import membership


@pytest.fixture
def ana_home(tmp_path):
    people = team(tmp_path, Clock(), members=("ben", "cal"))
    ana = people["ana"]
    write_relay(ana.home.templates)
    membership.publish(ana, ana.catalog().get("relay").template.as_dict())
    membership.remove(ana, "cal", reason="left the company")
    trade(*people.values())
    for person in people.values():
        person.close()
    return ana.home


def event_count(home) -> int:
    replica = Replica.open(home)
    try:
        return replica.store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    finally:
        replica.close()


REFUSAL = "baton: cal was removed from the team by ana: name someone on the team"


@pytest.mark.parametrize("extra", [(), ("--new-teammate",)])
def test_new_to_a_removed_member_is_refused(ana_home, extra) -> None:
    before = event_count(ana_home)
    result = baton(ana_home.root, "new", "relay", "--title", "Acme rollout", "--to", "cal", *extra)
    assert result.exit_code == 5
    assert result.stdout == "" and result.stderr.strip() == REFUSAL
    assert event_count(ana_home) == before


def test_new_from_json_to_a_removed_member_is_refused(ana_home, tmp_path) -> None:
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"template": "relay", "title": "Acme rollout", "to": "cal"}), encoding="utf-8")
    before = event_count(ana_home)
    result = baton(ana_home.root, "new", "--from-json", str(request))
    assert result.exit_code == 5 and result.stderr.strip() == REFUSAL
    assert event_count(ana_home) == before


def test_reassign_to_a_removed_member_is_refused_and_the_step_stays(ana_home) -> None:
    handoff = baton(ana_home.root, "new", "relay", "--title", "Acme rollout", "--to", "ben").stdout.strip()
    before = event_count(ana_home)
    result = baton(ana_home.root, "reassign", handoff, "--to", "cal")
    assert result.exit_code == 5 and result.stderr.strip() == REFUSAL
    assert event_count(ana_home) == before
    shown = json.loads(baton(ana_home.root, "show", handoff, "--json").stdout)
    assert (shown["next"], shown["receiver"]) == ("ana", "ben")


def test_the_app_offers_only_people_still_on_the_team(ana_home) -> None:
    replica = Replica.open(ana_home)
    try:
        assert not_removed(replica, ["ana", "ben", "cal", "dora"]) == ["ana", "ben", "dora"]
    finally:
        replica.close()


async def test_the_new_handoff_form_does_not_offer_someone_removed(tmp_path) -> None:
    from test_app_support import settle
    from textual.widgets import OptionList

    from baton.tui.app import BatonApp
    from baton.tui.screens.new_handoff import NewHandoffScreen

    people = team(tmp_path, Clock(), members=("ben", "cal"))
    ana = people["ana"]
    for who in ("ben", "cal"):
        ana.store.upsert_teammate(who, who.title(), "UTC", last_seen=1)
    membership.remove(ana, "cal")
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewHandoffScreen)
        receivers = app.screen.query_one("#to", OptionList)
        offered = [receivers.get_option_at_index(i).id for i in range(receivers.option_count)]
        assert "ben" in offered and "cal" not in offered


def test_the_core_reassign_every_caller_uses_refuses_a_removed_member(ana_home) -> None:
    """The app calls `Replica.reassign` directly: the refusal is core's, not the command line's."""
    from baton.core.errors import NotAllowed

    handoff = baton(ana_home.root, "new", "relay", "--title", "Acme rollout", "--to", "ben").stdout.strip()
    before = event_count(ana_home)
    replica = Replica.open(ana_home)
    try:
        with pytest.raises(NotAllowed, match="cal was removed from the team"):
            replica.reassign(handoff, "cal")
    finally:
        replica.close()
    assert event_count(ana_home) == before

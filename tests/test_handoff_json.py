"""One JSON shape of a handoff: `list --json`, `show --json` and hooks give the same keys and values."""

from __future__ import annotations

import pytest
from conftest import Team

from baton.core.handoff_json import handoff_json
from baton.core.hooks import handoff_payload
from baton.core.projection_rows import handoff_record
from baton.tui.cli.render import handoff_json as show_json
from baton.tui.cli.render import row_json


def lives(team: Team) -> dict[str, str]:
    draft = team.draft()
    sent = team.ready()
    team["ana"].send(sent)
    returned = team.ready()
    team["ana"].send(returned)
    team["ben"].return_(returned, "the summary is vague")
    accepted = team.ready()
    team["ana"].send(accepted)
    team["ben"].accept(accepted)
    cancelled = team.draft()
    team["ana"].cancel(cancelled, "the client walked away")
    return {"draft": draft, "sent": sent, "returned": returned, "accepted": accepted, "cancelled": cancelled}


@pytest.mark.parametrize("status", ["draft", "sent", "returned", "accepted", "cancelled"])
def test_list_show_and_hooks_agree(team: Team, status: str) -> None:
    handoff = lives(team)[status]
    row = team.store.handoff_row(handoff)
    state = team["ana"].state(handoff)
    stable = handoff_json(row)
    assert stable["status"] == status
    assert handoff_json(handoff_record(state)) == stable  # the folded handoff and its stored row say the same
    assert handoff_payload(row) == stable
    listed = row_json(row, handoff[:6])
    assert listed == {"short_id": handoff[:6], **stable}
    shown = show_json(team["ana"], state)
    details = {"template", "blockers", "conflicts"}  # richer in `show`: the checklist, and lists instead of counts
    assert {k: v for k, v in shown.items() if k in stable and k not in details} == {
        k: v for k, v in stable.items() if k not in details
    }
    assert shown["template"].items() >= stable["template"].items()
    assert (stable["answer_by"] is not None) == (status == "sent")

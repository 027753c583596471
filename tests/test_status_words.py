"""A refusal says where the handoff stands in a sentence ("the handoff is still a draft", "was already accepted"),
never the bare status word ("the handoff is draft: only a sent handoff can be returned")."""

from __future__ import annotations

import pytest
from cli_support import baton, started
from conftest import Team

from baton.core.errors import NotAllowed
from baton.core.permissions import PAYLOAD_FLAG, may_reopen
from baton.core.statuses import STATUSES, status_said


def test_every_status_is_said_in_a_sentence():
    for status in STATUSES:
        assert status_said(status).startswith("the handoff ") and f"is {status}" not in status_said(status)
    assert status_said("draft") == "the handoff is still a draft"
    assert status_said("accepted") == "the handoff was already accepted"


def test_returning_a_draft_says_it_is_still_a_draft(home):
    handoff = started(home)
    result = baton(home, "return", handoff, "--reason", "The summary says nothing.")
    [line] = result.stderr.strip().splitlines()
    assert line == "baton: the handoff is still a draft: only a sent handoff can be returned"


def test_answering_again_says_it_was_already_accepted(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    team["ben"].accept(handoff)
    with pytest.raises(NotAllowed, match=r"^the handoff was already accepted: only a sent handoff can be returned$"):
        team["ben"].return_(handoff, "Too late to say no.")
    event = {"author": "ana", "kind": "reopened", "payload": {}}
    refused = may_reopen(team["ana"].state(handoff), event, PAYLOAD_FLAG)
    assert (
        refused is not None
        and refused[1] == "the handoff was already accepted: only a cancelled handoff can be reopened"
    )

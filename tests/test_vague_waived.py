"""A waived item's answer is not judged vague: the lead's waiver and its reason already say the handoff goes
without it, so neither `show`/`send` warn about it nor does the send count it as a vague answer sent."""

from __future__ import annotations

import json

from conftest import GOOD_VALUES, Team

from baton.core.answer_warnings import recorded_vague


def test_a_waived_placeholder_is_no_vague_answer(team: Team) -> None:
    ana, lea = team["ana"], team["lea"]
    handoff = team.draft()
    team.fill(handoff, summary="TBD", notes="see Slack")
    assert {f.item_id for f in ana.warnings(ana.state(handoff))} == {"summary", "notes"}
    lea.waive(handoff, "summary", "Client writes the summary at kickoff; onboarding asks for it")
    assert [f.item_id for f in ana.warnings(ana.state(handoff))] == ["notes"]
    ana.send(handoff)
    sent = [r for r in team.store.event_rows() if r["kind"] == "sent"]
    payloads = [json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"] for r in sent]
    assert [recorded_vague(payload) for payload in payloads] == [[("notes", "pointer")]]


def test_the_same_answer_not_waived_is_still_warned_about(team: Team) -> None:
    ana = team["ana"]
    handoff = team.draft()
    team.fill(handoff, **{**GOOD_VALUES, "notes": "TBD later"})
    assert [f.item_id for f in ana.warnings(ana.state(handoff))] == ["notes"]

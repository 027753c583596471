"""`baton report` counts in words: "in 1 handoff", "in 2 handoffs", "in 1 send", never "handoff(s)"."""

from __future__ import annotations

from conftest import GOOD_VALUES, CliTeam


def test_blocking_items_and_vague_answers_are_counted_in_words(cli_team: CliTeam):
    ana = cli_team.replica("ana")
    empty = ana.create("relay", "Acme — 40 seats", "ben")
    assert cli_team("ana", "send", empty).returncode == 3
    almost = ana.create("relay", "Birch — 12 seats", "ben")
    for item_id, raw in GOOD_VALUES.items():
        if item_id != "summary":
            ana.set_item(almost, item_id, raw)
    assert cli_team("ana", "send", almost).returncode == 3
    vague = cli_team.prepared()
    ana.set_item(vague, "summary", "see Slack thread")
    assert cli_team("ana", "send", vague).returncode == 0
    out = cli_team("ana", "report").stdout
    assert "(s)" not in out
    assert "2× in 2 handoffs  relay/summary" in out
    assert "1× in 1 handoff  relay/code" in out
    assert "1× in 1 send  relay/summary" in out

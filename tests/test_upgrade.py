"""Template upgrades: items added, removed and retyped; values kept or dropped; as an event that syncs."""

from __future__ import annotations

import pytest
from conftest import GOOD_VALUES, RELAY_TOML, write_relay
from test_cli_routing import Baton

from baton.core.errors import InvalidValue, NotAllowed
from baton.core.upgrade import upgrade, upgrade_all

V2 = (
    RELAY_TOML.replace("version = 1", "version = 2", 1)
    # retyped: seats becomes a choice, so 40 no longer reads as an answer
    .replace('kind = "number"\nmin = 1\nmax = 500', 'kind = "choice"\nchoices = ["few", "many"]', 1)
    # removed: the peer review line
    .split('[[items]]\nid = "reviewed"')[0]
    + '[[items]]\nid = "budget-owner"\ntext = "Who signs the budget"\nwhy = "Delivery needs one person to approve change requests."\n'
    'kind = "text"\nrequired = true\n'
)


def test_plan_then_apply_and_everyone_sees_it(team) -> None:
    handoff = team.ready()
    team["ana"].set_item(handoff, "reviewed")
    write_relay(team.home.templates, V2)
    plan = upgrade(team["ana"], handoff, dry_run=True)
    assert (plan.from_version, plan.to_version) == (1, 2)
    assert plan.added == ["budget-owner"] and plan.removed == ["reviewed"]
    assert plan.changed == [("seats", ["kind", "choices", "min", "max"])]
    assert ("reviewed", "the item is gone") in plan.dropped
    assert any(item == "seats" for item, _ in plan.dropped)
    assert "summary" in plan.kept
    assert plan.blockers == ["seats", "budget-owner"]
    assert team["ana"].state(handoff).template.version == 1  # a dry run writes nothing
    upgrade(team["ana"], handoff)
    state = team["ben"].state(handoff)
    assert state.template.version == 2
    assert "seats" not in state.values and "reviewed" not in state.values
    assert state.values["summary"] == GOOD_VALUES["summary"]
    assert [b.item_id for b in state.blockers()] == ["seats", "budget-owner"]
    assert state.history[-1].summary == "upgraded the checklist from v1 to v2"
    with pytest.raises(InvalidValue, match="newest version"):
        upgrade(team["ana"], handoff)


def test_only_open_handoffs_by_their_sender_or_a_lead(team) -> None:
    handoff = team.ready()
    other = team.draft("Second deal")
    write_relay(team.home.templates, V2)
    with pytest.raises(NotAllowed):
        upgrade(team["ben"], handoff)
    team["ana"].send(handoff)
    with pytest.raises(NotAllowed, match="sent"):
        upgrade(team["ana"], handoff)
    with pytest.raises(NotAllowed):
        upgrade_all(team["ana"], "relay")
    plans, skipped = upgrade_all(team["lea"], "relay")
    assert [p.handoff_id for p in plans] == [other]
    assert skipped and "is sent" in skipped[0]


def test_cli_upgrade(tmp_path) -> None:
    baton = Baton(tmp_path / "home")
    handoff = baton("new", "relay", "--title", "Acme rollout", "--to", "ben", "--set", "seats=40").stdout.strip()
    current = baton("upgrade", handoff)  # nothing to do is no error: said on stdout, exit 0
    assert current.returncode == 0 and current.stderr == ""
    assert current.stdout == f"{handoff[:8]} is on relay v1, the newest version: nothing to upgrade.\n"
    write_relay(baton.home.templates, V2)
    dry = baton("upgrade", handoff, "--dry-run")
    assert dry.returncode == 0 and "relay v1 → v2" in dry.stdout and "+ budget-owner (new)" in dry.stdout
    assert "Dry run: nothing changed" in dry.stdout
    done = baton("upgrade", handoff)
    assert done.returncode == 0 and done.stdout.strip().endswith("Upgraded 1 handoff.")
    assert baton("upgrade").returncode == 2
    assert baton("upgrade", "--all", "relay").returncode == 5

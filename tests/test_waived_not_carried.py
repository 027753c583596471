"""A waived item's value is not carried into the next handoff: a placeholder ("none") a lead let go without an
answer would otherwise start the next checklist as if it were one, and block it there with no word of the waiver."""

from __future__ import annotations

from conftest import GOOD_VALUES, Team
from test_chains import chained

from baton.core.chains import carried_values, open_next


def test_a_waived_value_stays_behind_and_the_rest_carry(team: Team) -> None:
    for person in team.people.values():
        chained(person)
    handoff = team.draft(title="Acme rollout")
    team.fill(handoff, code="none")
    team["lea"].waive(handoff, "code", "The client has no project code yet.")
    team["ana"].send(handoff)
    team["ben"].accept(handoff)
    state = team["ben"].state(handoff)
    target = team["ben"].catalog().get("onward").template
    values, origin = carried_values(state, target)
    assert values == {"summary": GOOD_VALUES["summary"]} and set(origin) == {"summary"}
    [opened] = open_next(team["ben"], handoff)
    draft = team["ben"].state(opened.handoff_id)
    assert "project" not in draft.values and "project" not in draft.carried
    assert draft.values["summary"] == GOOD_VALUES["summary"]

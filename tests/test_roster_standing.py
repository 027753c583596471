"""Whether an event is held or shown as not applied is decided by the writer's standing, never by its wording."""

from __future__ import annotations

import pytest

from baton.core.team import membership
from baton.core.team.standing import Standing, WriterProblem
from tests.team_support import Clock, person, team


def test_each_standing_is_a_record_the_fold_and_the_message_share(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock, members=("ben", "cleo", "eve"))
    ana, ben, cleo = people["ana"], people["ben"], people["cleo"]
    stranger = person(tmp_path, "dan", clock)
    [ben_device] = ana.store.roster().devices_of("ben")
    membership.retire_device(ana, "ben", ben_device.fingerprint)
    membership.remove(ana, "cleo")
    roster, later = ana.store.roster(), ana.clock.tick()
    cases = {
        ("ana", stranger.config.replica_id): (Standing.NOT_ON_TEAM, True),
        ("ana", people["eve"].config.replica_id): (Standing.OTHERS_DEVICE, True),
        ("ben", ben.config.replica_id): (Standing.RETIRED_DEVICE, True),
        ("cleo", cleo.config.replica_id): (Standing.REMOVED, False),
    }
    for (author, replica), (standing, held) in cases.items():
        problem = roster.writer_problem(author, replica, later)
        assert isinstance(problem, WriterProblem) and problem.standing is standing, (author, problem)
        assert problem.held is held
        reason, note, judged_held = roster.judge(author, replica, later)
        assert (reason, note, judged_held) == (problem.reason, "", held)
    assert roster.writer_problem("ana", ana.config.replica_id, later) is None


@pytest.mark.parametrize("standing", list(Standing))
def test_held_does_not_depend_on_the_words(monkeypatch, standing):
    """Reworded messages (a translation, a typo fixed) change no verdict."""
    monkeypatch.setattr(WriterProblem, "reason", property(lambda self: "something else entirely"))
    problem = WriterProblem(standing, "ben", "ana", "abcd")
    assert problem.held is (standing is not Standing.REMOVED)
    assert str(problem) == "something else entirely"


def test_a_user_named_like_the_removal_words_is_still_judged_by_standing(tmp_path):
    """A stranger whose name and wording would have matched the old prefix is still held."""
    clock = Clock()
    people = team(tmp_path, clock)
    ana = people["ana"]
    fake = person(tmp_path, "ben-was", clock)
    problem = ana.store.roster().writer_problem("ben-was", fake.config.replica_id, ana.clock.tick())
    assert problem is not None and problem.standing is Standing.NOT_ON_TEAM and problem.held

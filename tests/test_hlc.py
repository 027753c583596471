"""The hybrid logical clock: monotone, tie-broken, and moved by what it sees."""

from __future__ import annotations

import pytest
from conftest import Team, replica_for
from hypothesis import given, settings
from hypothesis import strategies as st

from baton.core.hlc import Clock, Stamp

HOUR = 3_600_000


class Dial:
    """A wall clock set by hand, to jump backwards and forwards."""

    def __init__(self, now: int) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


def test_never_goes_backwards_when_the_wall_does():
    wall = Dial(1_000_000)
    clock = Clock("aaaaaaaaaaaa", wall=wall)
    first = clock.tick()
    wall.now -= 10 * HOUR
    second = clock.tick()
    wall.now += 20 * HOUR
    third = clock.tick()
    assert first < second < third
    assert Stamp.parse(second) == Stamp(1_000_000, 1, "aaaaaaaaaaaa")
    assert Stamp.parse(third).wall_ms == 1_000_000 + 10 * HOUR and Stamp.parse(third).counter == 0


def test_counter_breaks_ties_within_a_millisecond():
    clock = Clock("aaaaaaaaaaaa", wall=Dial(5))
    stamps = [clock.tick() for _ in range(3)]
    assert [Stamp.parse(s).counter for s in stamps] == [0, 1, 2]
    assert stamps == sorted(stamps)


def test_counter_overflow_moves_to_the_next_millisecond():
    clock = Clock("aaaaaaaaaaaa", last="0000000000000005-9999-aaaaaaaaaaaa", wall=Dial(5))
    assert Stamp.parse(clock.tick()) == Stamp(6, 0, "aaaaaaaaaaaa")


def test_replica_id_breaks_ties_between_replicas():
    one = Clock("aaaaaaaaaaaa", wall=Dial(7)).tick()
    two = Clock("bbbbbbbbbbbb", wall=Dial(7)).tick()
    assert one < two


def test_resumes_from_the_last_stamp_saved():
    clock = Clock("aaaaaaaaaaaa", last="0000000000000100-0003-aaaaaaaaaaaa", wall=Dial(50))
    assert clock.tick() == "0000000000000100-0004-aaaaaaaaaaaa"


def test_observe_moves_past_a_stamp_from_a_clock_hours_ahead():
    ahead = Clock("bbbbbbbbbbbb", wall=Dial(10 * HOUR)).tick()
    mine = Clock("aaaaaaaaaaaa", wall=Dial(HOUR))
    mine.observe(ahead)
    later = mine.tick()
    assert later > ahead
    assert Stamp.parse(later).replica == "aaaaaaaaaaaa"


def test_observe_an_older_stamp_changes_nothing():
    clock = Clock("aaaaaaaaaaaa", wall=Dial(HOUR))
    last = clock.tick()
    clock.observe("0000000000000005-0000-bbbbbbbbbbbb")
    assert clock.last == last


@pytest.mark.parametrize("text", ["", "12-0000-aa", "0000000000000001-00-aa", "0000000000000001-0000-", "nonsense"])
def test_parse_refuses_what_is_not_a_stamp(text):
    with pytest.raises(ValueError):
        Stamp.parse(text)


def test_a_later_edit_wins_over_a_skewed_teammate(team: Team):
    """A lead's laptop runs ten hours fast; ana sets the value after seeing his: hers must win."""
    handoff = team.draft()
    fast = Dial(team.wall.now + 10 * HOUR)
    fast_lead = replica_for(team.home, team.store, "lea", "lead", fast)
    fast_lead.set_item(handoff, "seats", "40")
    team["ana"].set_item(handoff, "seats", "41")
    state = team["ana"].state(handoff)
    assert state.values["seats"] == 41
    hlcs = [r["hlc"] for r in team.store.query("SELECT hlc FROM events WHERE kind = 'item_set' ORDER BY hlc")]
    assert hlcs[-1].endswith(team["ana"].config.replica_id)


stamps = st.builds(
    Stamp, st.integers(0, 10**15), st.integers(0, 9999), st.text("0123456789abcdef", min_size=12, max_size=16)
)


@settings(max_examples=100, deadline=None)
@given(stamps, stamps)
def test_stamps_sort_as_their_tuples(a, b):
    assert (str(a) < str(b)) == ((a.wall_ms, a.counter, a.replica) < (b.wall_ms, b.counter, b.replica))
    assert Stamp.parse(str(a)) == a


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(st.tuples(st.just("tick"), st.integers(0, 10**6)), st.tuples(st.just("observe"), stamps)), max_size=40
    )
)
def test_ticks_are_strictly_increasing_and_past_everything_observed(steps):
    wall = Dial(0)
    clock = Clock("aaaaaaaaaaaa", wall=wall)
    last = ""
    seen = Stamp(0, 0, "")
    for action, arg in steps:
        if action == "tick":
            wall.now = arg
            stamp = clock.tick()
            assert stamp > last
            parsed = Stamp.parse(stamp)
            assert (parsed.wall_ms, parsed.counter) > (seen.wall_ms, seen.counter)
            last = stamp
        else:
            clock.observe(str(arg))
            seen = max(seen, arg, key=lambda s: (s.wall_ms, s.counter))

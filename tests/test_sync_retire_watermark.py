"""A stolen device key cannot backdate its way past its retirement: the retirement names the last segment
of the device's folder the lead had taken in, and nothing that key signs past it counts, whatever its clock.

Real homes share one folder; the thief is a copy of ben's home (the laptop with its key), whose clock is
set back so every event it signs claims a time before the retirement.
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_support import projection, sync_once, teammate, use_wall

from baton.core.hlc import Clock
from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.team import membership


class Wall:
    def __init__(self, now: int = 1_763_740_000_000) -> None:
        self.now = now

    def __call__(self) -> int:
        self.now += 1000
        return self.now


def join(tmp_path, shared, lead, user, wall):
    mate = teammate(tmp_path, user, shared, wall=wall)
    code = membership.invite(lead, user, stages=["beta"])
    sync_once(lead)
    membership.join(mate, code)
    sync_once(mate)
    return mate


@pytest.fixture
def crew(tmp_path, shared):
    wall = Wall()
    ana = teammate(tmp_path, "ana", shared, role="lead", wall=wall)
    membership.found(ana)
    sync_once(ana)
    people = {"ana": ana}
    for user in ("ben", "dan"):
        people[user] = join(tmp_path, shared, ana, user, wall)
    for replica in people.values():
        sync_once(replica)
    return people, wall


def titles(replica: Replica) -> list[str]:
    return sorted(r[0] for r in replica.store.query("SELECT title FROM handoffs"))


def stolen(tmp_path, ben: Replica, early: int) -> Replica:
    """A copy of ben's home whose clock stamps everything at `early` (before any retirement)."""
    shutil.copytree(ben.home.root, tmp_path / "thief")
    thief = Replica.open(Home(tmp_path / "thief"))
    use_wall(thief, lambda: early)
    thief.clock = Clock(thief.config.replica_id, None, wall=lambda: early)
    return thief


def retire(ana: Replica, user: str) -> None:
    [device] = [d for d in ana.store.roster().devices_of(user) if d.until is None]
    membership.retire_device(ana, user, device.fingerprint)


@pytest.mark.parametrize("dan_first", [False, True], ids=["retirement-first", "forgery-first"])
def test_a_backdated_segment_from_a_retired_key_is_not_applied_on_any_replica(tmp_path, crew, dan_first):
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    ben.create("relay", "Written before the loss", "ana")
    sync_once(ben)
    sync_once(ana)
    early = wall.now - 10_000  # before the retirement, and before ben's last write
    thief = stolen(tmp_path, ben, early)
    retire(ana, "ben")
    retirement = max(ana.store.roster_events(), key=lambda e: e["hlc"])
    assert retirement["payload"]["upto"]["seq"] >= 1
    thief.create("relay", "Forged with a stolen key", "ana")
    sync_once(thief)
    forged = [e for e in thief.store.event_rows() if e["kind"] == "created" and e["replica"] == ben.config.replica_id]
    assert max(e["hlc"] for e in forged) < retirement["hlc"]  # it claims a time before the retirement
    if dan_first:
        sync_once(dan)  # takes the forgery in before it hears of the retirement
        assert "Forged with a stolen key" in titles(dan)
    sync_once(ana)
    sync_once(dan)
    cal = join(tmp_path, tmp_path / "shared", ana, "cal", wall)  # a teammate who arrives later, from the folder
    sync_once(cal)
    for replica in (ana, dan, cal):
        assert titles(replica) == ["Written before the loss"], replica.user
    assert projection(ana)["handoffs"] == projection(dan)["handoffs"] == projection(cal)["handoffs"]


def test_a_backdated_roster_change_from_a_retired_lead_key_does_not_count(tmp_path, crew):
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    membership.set_member(ana, "ben", role="lead")
    sync_once(ana)
    sync_once(ben)
    sync_once(dan)
    thief = stolen(tmp_path, ben, wall.now + 1)
    retire(ana, "ben")
    membership.set_member(thief, "dan", role="lead")  # a promotion signed by the stolen key, backdated
    sync_once(thief)
    sync_once(dan)  # before the retirement reaches dan: the promotion counts for now
    assert dan.store.roster().is_lead("dan")
    sync_once(ana)
    sync_once(dan)
    for replica in (ana, dan):
        assert not replica.store.roster().is_lead("dan"), replica.user


def test_what_the_lead_took_in_before_the_retirement_still_counts_whatever_order(tmp_path, crew):
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    ben.create("relay", "First", "ana")
    sync_once(ben)
    sync_once(ana)
    retire(ana, "ben")
    sync_once(ana)
    sync_once(dan)  # ben's segment and the retirement arrive together
    assert titles(dan) == titles(ana) == ["First"]


@pytest.mark.parametrize("dan_first", [False, True], ids=["retirement-first", "forgery-first"])
def test_a_fork_under_an_earlier_number_signed_with_a_retired_key_does_not_count(tmp_path, crew, dan_first):
    """Another content under a number below the watermark, chained and signed with the stolen key: it is not
    on the chain the watermark's segment follows back, so what only it holds never counts."""
    from sync_support import own_folder, segments

    from baton.core.team.keys import DeviceKey
    from baton.sync import segment
    from baton.sync.exporter import export, sealer
    from baton.sync.ledger import Ledger

    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    for title in ("First", "Second"):
        ben.create("relay", title, "ana")
        sync_once(ben)
    sync_once(ana)
    sync_once(dan)
    thief = stolen(tmp_path, ben, wall.now + 1)
    retire(ana, "ben")
    thief.create("relay", "Forged into the past", "ana")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    export(thief, scratch, Ledger(thief.store))
    [written] = sorted(scratch.glob("*.jsonl"))
    lines = segment.read(written).lines
    first = segment.read(segments(ben)[0]).sha256
    key = DeviceKey.load(thief.home.device_key)
    segment.write(own_folder(ben), 2, lines, sealer(key, ben.config.replica_id, 2, first))
    if dan_first:
        sync_once(dan)  # the fork arrives before the retirement does
    sync_once(ana)
    sync_once(dan)
    cal = join(tmp_path, tmp_path / "shared", ana, "cal", wall)
    sync_once(cal)
    for replica in (ana, dan, cal):
        assert titles(replica) == ["First", "Second"], replica.user


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(order=st.randoms(use_true_random=False), pauses=st.lists(st.integers(0, 30), max_size=4))
def test_every_order_of_arrival_reaches_the_same_verdict(tmp_path_factory, order, pauses):
    """Segments of a retired device (before its watermark, past it, a fork) and the retirement itself, met by a
    teammate one file at a time in any order, with syncs in between: the end is what the lead's copy shows."""
    import random

    tmp = tmp_path_factory.mktemp("orders")
    shared = tmp / "shared"
    shared.mkdir()
    wall = Wall()
    ana = teammate(tmp, "ana", shared, role="lead", wall=wall)
    membership.found(ana)
    sync_once(ana)
    ben, dan = (join(tmp, shared, ana, user, wall) for user in ("ben", "dan"))
    for replica in (ana, ben, dan):
        sync_once(replica)
    ben.create("relay", "Genuine", "ana")
    sync_once(ben)
    sync_once(ana)
    thief = stolen(tmp, ben, wall.now + 1)
    retire(ana, "ben")
    membership.set_member(thief, "ben", name="Not Ben")  # a roster change signed with the stolen key
    thief.create("relay", "Forged", "ana")
    sync_once(thief)
    sync_once(ana)
    staging = tmp / "staging"
    files = sorted(p for p in shared.rglob("*") if p.is_file() and dan.config.replica_id not in str(p))
    firsts = [p for p in files if not p.name.endswith(".jsonl")]
    segments_ = [p for p in files if p.name.endswith(".jsonl")]
    random.Random(order.random()).shuffle(segments_)
    stops = set(pauses)
    for index, path in enumerate([*firsts, *segments_]):
        target = staging / path.relative_to(shared)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
        if index in stops:
            sync_once(dan, sync_dir=staging)
    for _ in range(2):
        sync_once(dan, sync_dir=staging)
    assert titles(dan) == titles(ana) == ["Genuine"]
    assert dan.store.roster().member("ben").name == ana.store.roster().member("ben").name == "Ben"
    for replica in (ana, ben, dan, thief):
        replica.close()


@pytest.mark.parametrize("dan_first", [False, True], ids=["removal-first", "backdated-first"])
def test_a_removed_lead_backdating_changes_before_the_removal_gains_nothing(tmp_path, crew, dan_first):
    """Removal names, per device of the person, the last segment the lead took in: what they sign past it is
    shown as not applied on every replica, whatever time it claims; roster changes among it never count."""
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    membership.set_member(ana, "ben", role="lead")
    sync_once(ana)
    ben.create("relay", "Before the removal", "ana")
    sync_once(ben)
    sync_once(ana)
    sync_once(dan)
    early = wall.now + 1
    membership.remove(ana, "ben")
    removal = max(ana.store.roster_events(), key=lambda e: e["hlc"])
    assert removal["payload"]["upto"]
    use_wall(ben, lambda: early)
    ben.clock = Clock(ben.config.replica_id, None, wall=lambda: early)  # ben sets his clock back
    late = ben.create("relay", "Backdated by a removed lead", "ana")
    membership.set_member(ben, "dan", role="lead")
    sync_once(ben)
    assert max(e["hlc"] for e in ben.store.event_rows() if e["handoff_id"] == late) < removal["hlc"]
    if dan_first:
        sync_once(dan)
    sync_once(ana)
    sync_once(dan)
    for replica in (ana, dan):
        assert titles(replica) == ["Before the removal"], replica.user
        assert not replica.store.roster().is_lead("dan")
    assert projection(ana)["conflicts"] == projection(dan)["conflicts"]
    assert any("ben was removed from the team" in str(row) for row in projection(ana)["conflicts"])


@pytest.mark.parametrize("dan_first", [False, True], ids=["demotion-first", "backdated-first"])
def test_a_demoted_lead_backdating_lead_actions_before_the_demotion_gains_nothing(tmp_path, crew, dan_first):
    """A demotion names, per device, the last segment the lead took in: what the demoted lead signs past it is
    judged as a member's, at the demotion or later, whatever earlier time it claims; their own details still
    change as any member's do."""
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    membership.set_member(ana, "ben", role="lead")
    handoff = ana.create("relay", "Needs a signature", "ben")
    for replica in (ana, ben, dan, ana):
        sync_once(replica)
    early = wall.now + 1
    membership.set_member(ana, "ben", role="member")
    demotion = max(ana.store.roster_events(), key=lambda e: e["hlc"])
    assert demotion["payload"]["upto"]
    use_wall(ben, lambda: early)
    ben.clock = Clock(ben.config.replica_id, None, wall=lambda: early)  # ben sets his clock back
    ben.waive(handoff, "signed", "waived by a lead, or so it claims")
    membership.set_member(ben, "dan", role="lead")
    membership.set_member(ben, "ben", tz="Europe/Berlin")  # his own detail: a member may
    sync_once(ben)
    if dan_first:
        sync_once(dan)
    sync_once(ana)
    sync_once(dan)
    for replica in (ana, dan):
        state = replica.state(handoff)
        assert "signed" not in state.waivers, replica.user
        assert any("lead" in c.reason for c in state.conflicts), replica.user
        roster = replica.store.roster()
        assert not roster.is_lead("dan") and not roster.is_lead("ben")
        assert roster.member("ben").tz == "Europe/Berlin"
    assert projection(ana)["conflicts"] == projection(dan)["conflicts"]

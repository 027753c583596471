"""The trust rules for segments (sync/verify.py) give one verdict per copy, whatever order copies arrive in."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from baton.core.team.keys import DeviceKey
from baton.sync import segment, verify

REPLICA = "a" * 16
ANA = DeviceKey.generate()
STRANGER = DeviceKey.generate()
FOUNDED = "0001763740000000-0000-" + "b" * 16
AFTER = "0001763750000000-0000-" + REPLICA


class Team:
    founded_hlc = FOUNDED

    def device_owner(self, public_key: str) -> str | None:
        return "ana" if public_key == ANA.public else None

    def knows_replica(self, replica: str) -> bool:
        return replica == REPLICA

    def vouches_segment(self, replica: str, seq: int, sha256: str) -> bool:
        return self.knows_replica(replica)

    def retired(self, public_key: str) -> tuple[str, str] | None:
        return None

    def join_wait(self, replica: str) -> None:
        return None


def sealed(key: DeviceKey, seq: int, prev: str, sha256: str) -> segment.Seal:
    return segment.Seal(prev, key.public, key.sign(segment.signed_message(REPLICA, seq, prev, sha256)))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def copies(length: int, forged: list[tuple[int, str]]) -> tuple[list[tuple[int, str, segment.Seal]], set[str]]:
    """ana's chain of `length` segments plus forged copies; (every copy, the hashes of the genuine ones)."""
    found = []
    prev = ""
    for seq in range(1, length + 1):
        sha = digest(f"ana {seq}")
        found.append((seq, sha, sealed(ANA, seq, prev, sha)))
        prev = sha
    genuine = {sha for _, sha, _ in found}
    for seq, how in forged:
        seq = min(seq, length)
        prev = found[seq - 2][1] if seq > 1 else ""
        sha = digest(f"{how} {seq}")
        if how == "stranger":  # a well-formed seal by a key the team never enrolled
            seal = sealed(STRANGER, seq, prev, sha)
        elif how == "garbled":  # ana's key, a signature that does not match
            seal = segment.Seal(prev, ANA.public, sealed(STRANGER, seq, prev, sha).sig)
        else:  # ana's own device, a fork that names no segment anyone has
            seal = sealed(ANA, seq, digest("nowhere"), sha)
        found.append((seq, sha, seal))
    return found, genuine


def admitted_after(rounds: list[list[tuple[int, str, segment.Seal]]]) -> set[str]:
    """Imports one after another: each sees what has arrived so far; what passed goes into the ledger."""
    taken: dict[int, set[str]] = {}
    present: list[tuple[int, str, segment.Seal]] = []
    for arrived in rounds:
        present += arrived
        chain = verify.Chain(REPLICA, taken)
        for seq, sha, seal in sorted(present, key=lambda c: (c[0], c[1])):
            if sha in taken.get(seq, set()):
                continue
            if chain.check(seq, sha, seal) is None and verify.device("ana", REPLICA, seal, AFTER, Team()) is None:
                taken.setdefault(seq, set()).add(sha)
    return {sha for hashes in taken.values() for sha in hashes}


@given(
    length=st.integers(1, 5),
    forged=st.lists(st.tuples(st.integers(1, 5), st.sampled_from(["stranger", "garbled", "fork"])), max_size=4),
    order=st.randoms(use_true_random=False),
    cuts=st.lists(st.integers(0, 12), max_size=3),
)
@settings(max_examples=60, deadline=None)
def test_only_the_genuine_chain_is_applied_whatever_the_arrival_order(length, forged, order, cuts):
    found, genuine = copies(length, forged)
    order.shuffle(found)
    bounds = sorted({min(c, len(found)) for c in cuts}) + [len(found)]
    rounds, start = [], 0
    for end in bounds:
        rounds.append(found[start:end])
        start = end
    assert admitted_after(rounds) == genuine
    assert admitted_after([found]) == genuine


def test_a_stranger_and_a_device_of_someone_else_are_told_apart():
    class Ben(Team):
        def device_owner(self, public_key: str) -> str | None:
            return "ben" if public_key == STRANGER.public else super().device_owner(public_key)

    seal = sealed(STRANGER, 1, "", digest("x"))
    held = verify.device("ana", REPLICA, seal, AFTER, Team())
    assert (
        held is not None
        and held.kind == verify.DEVICE
        and "a device claiming to be ana is not on the team" in held.reason
    )
    held = verify.device("ana", REPLICA, seal, AFTER, Ben())
    assert held is not None and "a device of ben's claims to be ana" in held.reason
    assert verify.device("ana", REPLICA, sealed(ANA, 1, "", digest("x")), AFTER, Team()) is None


def test_before_the_founding_any_writer_is_taken_in_and_after_it_only_the_team():
    before = "0001763730000000-0000-" + REPLICA
    assert verify.device("ana", REPLICA, None, before, Team()) is None
    assert verify.device("ana", REPLICA, sealed(STRANGER, 1, "", digest("x")), before, Team()) is None
    unsigned = verify.device("ana", REPLICA, None, AFTER, Team())
    assert unsigned is not None and unsigned.kind == verify.UNSIGNED
    stranger = "c" * 16  # a folder the founder never vouched for, backdated before the founding
    backdated = verify.device("ana", stranger, sealed(STRANGER, 1, "", digest("x")), before, Team())
    assert backdated is not None and backdated.kind == verify.DEVICE
    assert verify.device("ana", stranger, None, before, Team()) is not None


def test_clashes_are_told_from_names_and_the_ledger():
    names = [segment.parse_name(n) for n in ("000001-aaaaaaaa.jsonl", "000002-bbbbbbbb.jsonl", "000002-cccccccc.jsonl")]
    assert verify.clashes([n for n in names if n], {}) == {2: ["bbbbbbbb", "cccccccc"]}
    rewritten = {1: {"dddddddd" + "0" * 56}}
    assert verify.clashes([n for n in names[:1] if n], rewritten) == {1: ["aaaaaaaa", "dddddddd"]}

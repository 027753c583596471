"""Random ids and the short unique prefixes people type.

Ids are random, never sequential, so two replicas working offline never mint the
same one. People see and type the shortest prefix that is unique (as git does).
"""

from __future__ import annotations

SHORT_MIN = 6


BOUND_HEAD = 20
"""Hex digits of a bound id that are random (80 bits); the other 12 bind them to their writer (`bound_to`)."""


def new_id(writer: str | None = None) -> str:
    """128 random bits as 32 lowercase hex digits, from the system's CSPRNG; bound to `writer` when given.

    A bound id keeps 80 random bits and ends with 48 bits of a hash of them and the writer (a replica id):
    anyone can tell it is the writer's (`bound_to`), and nobody can make one of the same id that is
    another writer's. That is how a copy of an event written under someone else's id, or a second `created`
    for someone else's handoff, loses wherever it meets the real one (sync/duplicates.py, core/creators.py).
    `os.urandom` is what `secrets.token_hex` reads; `secrets` itself would load `random`,
    `hmac` and OpenSSL's hashes into every command that writes an event.
    """
    import os

    if writer is None:
        return os.urandom(16).hex()
    head = os.urandom(BOUND_HEAD // 2).hex()
    return head + _binding(head, writer)


def bound_to(an_id: object, writer: object) -> bool:
    """Whether `an_id` was made by new_id for `writer` (an id from before binding, or anyone else's, is not)."""
    if type(an_id) is not str or type(writer) is not str or len(an_id) != 32:
        return False
    return an_id[BOUND_HEAD:] == _binding(an_id[:BOUND_HEAD], writer)


def _binding(head: str, writer: str) -> str:
    try:  # the hash hashlib gives, without loading OpenSSL's into every command that folds a handoff
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b
    text = head + writer  # the head has one length: no two pairs give one text
    return str(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6, person=b"baton-id").hexdigest())


def short_prefixes(ids: list[str], minimum: int = SHORT_MIN) -> dict[str, str]:
    """Map each id to its shortest unique prefix of at least `minimum` characters.

    In sorted order an id shares its longest prefix with a neighbour, so only
    neighbours are compared; random ids rarely share `minimum` characters, so one
    slice comparison usually settles a pair (10,000 ids take milliseconds).
    """
    ordered = sorted(set(ids))
    shared = [_shared(a, b, minimum) for a, b in zip(ordered, ordered[1:])]
    shared.append(-1)
    result: dict[str, str] = {}
    before = -1
    for current, after in zip(ordered, shared):
        result[current] = current[: max(minimum, before + 1, after + 1)]
        before = after
    return result


def _shared(a: str, b: str, minimum: int) -> int:
    """Length of the common prefix of a and b, or -1 when it is shorter than `minimum`."""
    if a[:minimum] != b[:minimum]:
        return -1
    common = minimum
    while common < len(a) and common < len(b) and a[common] == b[common]:
        common += 1
    return common


def ambiguous(prefix: str, matches: list[tuple[str, str]], more: bool) -> str:
    """The refusal for a prefix that starts several handoffs, naming them (id and title) so the person can pick:
    `matches` is (id, title) pairs; `more` when there are others beyond them."""
    from .terminal_text import harmless_line  # titles are teammates' text

    named = ", ".join(f"{i[:8]} {harmless_line(t if len(t) <= 30 else t[:29] + '…')}" for i, t in matches)
    return f"{prefix!r} is ambiguous: it starts {named}{' and more' if more else ''}; type more of the id"

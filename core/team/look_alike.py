"""Names that read alike on screen though their letters differ: "Lena" and "Lеna" with a Cyrillic е, "B0b" and "Bob".

A teammate who takes such a name is shown as another person in every queue, route and roster line, so the
commands that give a name (`team set --name`, a join, `team invite`) refuse it. Only the commands ask: which
characters are confusable comes from Unicode's confusables table as the installed library has it, and that
table grows between versions, so the roster's own fold (changes.py) keeps to `name_key`, which every copy
computes alike; two copies on different library versions still hold one roster.
"""

from __future__ import annotations

from functools import cache

from .member_fields import name_key


@cache
def _stand_ins() -> dict[str, str]:
    """Each confusable character and the one every character it is confused with is read as: the lowest of the
    group, so "l", "1" and "ǀ" read as one, and so do "e" and Cyrillic "е"."""
    from confusable_homoglyphs.confusables import confusables_data

    read_as: dict[str, str] = {}
    for char, glyphs in confusables_data.items():
        group = [char, *(g["c"].strip("\u200e\u200f") for g in glyphs)]
        single = [c for c in group if len(c) == 1]
        if len(single) > 1:
            read_as[char] = min(single)
    return read_as


def readings(name: str) -> set[str]:
    """What a name looks like: `name_key` (case, width, invisible characters) with each character replaced by the
    one it is read as, in small letters and in capitals (the table has "0" like "O" but not like "o")."""
    stand_ins = _stand_ins()

    def read(text: str) -> str:
        return "".join(stand_ins.get(c, c) for c in text)

    key = name_key(name)
    return {read(key), read(read(key.upper()).casefold())}


def reads_like(name: str, other: str) -> bool:
    """Whether two names could be taken for each other on screen, though `name_key` tells them apart."""
    return name_key(name) != name_key(other) and not readings(name).isdisjoint(readings(other))

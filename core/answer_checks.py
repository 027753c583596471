"""Answer checks: the vague answers a gate cannot see.

The gate knows an item is filled; it cannot tell that "TBD", "see Slack", "ask Tom"
or a bare link to a chat thread is not context. Those answers make the receiver
chase the sender across time zones. Each check here looks at one item's value and,
when it finds one of them, says so as a `Finding`: the check's name, a reason in
plain words and a suggested fix.

The checks themselves are data (`answer_checks.toml`, extended by a team's file;
see answer_rules.py); this module is the engine: one small function per `test`,
every pattern compiled once when the rules load. Precision matters more than
recall: a check stays quiet when in doubt, a pointer counts only when little else
is said, and an answer the item itself offers (`or "none"`) is never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol
from urllib.parse import urlparse

from .patterns import Pattern
from .record import field, record

TESTS = ("placeholder", "pointer", "permalink", "echo", "past-date", "duplicate", "no-people")
"""What a check can look at; a rule names one of them as its `test`."""

DEFAULT_KINDS = {"past-date": frozenset({"date"})}
"""Item kinds a test applies to unless its rule says otherwise (else: text)."""

_WORD = re.compile(r"[a-z0-9]+")
_URL = re.compile(r"https?://[^\s<>()\"']+", re.IGNORECASE)
_OFFERED = re.compile(r"[\"“”]([^\"“”]{1,30})[\"“”]")
_EXAMPLE = re.compile(r"\((e\.g\.|for example|such as)[^)]*\)", re.IGNORECASE)
_EDGES = " \t\r\n.!,;:'\"“”‘’()[]…"
_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "i",
        "we",
        "he",
        "she",
        "they",
        "them",
        "me",
        "my",
        "our",
        "you",
        "your",
        "his",
        "her",
        "their",
        "there",
        "here",
        "from",
        "by",
        "as",
        "please",
        "pls",
        "will",
        "can",
        "just",
        "all",
        "so",
        "re",
        "it's",
    ]
)
"""Words that say nothing about the work; `no`, `none` and `not` are not among them."""


class ItemLike(Protocol):
    """What a check reads of an item (a template `Item` has all of it)."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def hint(self) -> str | None: ...


@record(frozen=True)
class Finding:
    """One vague answer: which item, which check, why, and what to do instead."""

    item_id: str
    check: str
    reason: str
    fix: str

    def line(self) -> str:
        return f"{self.item_id}: {self.reason}. {self.fix}"

    def as_json(self) -> dict[str, str]:
        return {"item": self.item_id, "check": self.check, "reason": self.reason, "fix": self.fix}


@record(frozen=True)
class Check:
    """One rule, compiled: `test` with its parameters, and the words it speaks in."""

    name: str
    test: str
    reason: str
    fix: str
    kinds: frozenset[str]
    items: Pattern | None = None
    skip_items: Pattern | None = None
    words: frozenset[str] = frozenset()
    patterns: tuple[Pattern, ...] = ()
    hosts: tuple[str, ...] = ()
    most_words: int = 6
    min_length: int = 20

    def applies_to(self, item: ItemLike) -> bool:
        if item.kind not in self.kinds or (self.skip_items is not None and self.skip_items.search(item.text)):
            return False
        return self.items is None or self.items.search(item.text) is not None

    def finding(self, item: ItemLike, found: str, other: str = "") -> Finding:
        reason = self.reason.replace("{found}", found).replace("{other}", other)
        return Finding(item.id, self.name, reason, self.fix)


@record(frozen=True)
class Context:
    """What some checks need beyond the value: the other items and answers, and today's date."""

    items: Sequence[ItemLike] = ()
    values: Mapping[str, Any] = field(default_factory=dict)
    today: date | None = None


def normal(text: str) -> str:
    """Lower case, one space between words, surrounding quotes and full stops dropped."""
    squeezed = " ".join(text.lower().split())
    trimmed = squeezed.strip(_EDGES)
    return trimmed or squeezed


def content_words(text: str) -> list[str]:
    """The words that say something, in order: no stopwords, and "the client's" counts "client" once."""
    return [w for w in _WORD.findall(_POSSESSIVE.sub("", text.lower())) if w not in STOPWORDS]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def offered_answers(item_text: str) -> frozenset[str]:
    """Answers the item's text itself offers, quoted: `or "none"`, `or "unknown"`."""
    return frozenset(normal(m) for m in _OFFERED.findall(item_text))


def _placeholder(check: Check, item: ItemLike, text: str, ctx: Context) -> str | None:
    """A whole answer among `words`, or a pattern found with few other words beside it.

    "TBD" and "TODO: ask" are placeholders; "TBD by the client's board on 5 Jan; we proposed 3 options"
    is an answer that starts with one, as "n/a" inside a sentence is.
    """
    if normal(text) in check.words:
        return _quoted(text)
    found = _found_alone(check, text)
    return None if found is None else found.strip(_EDGES) or found


def _pointer(check: Check, item: ItemLike, text: str, ctx: Context) -> str | None:
    return _found_alone(check, text)


def _found_alone(check: Check, text: str) -> str | None:
    """What the first of the check's patterns finds, when at most `most_words` other words come with it."""
    found: str | None = None
    rest = text
    for pattern in check.patterns:
        match = pattern.search(rest)
        if match:
            found = found or match.group(0).strip()
            rest = pattern.sub(" ", rest)
    if found is None or len(content_words(_URL.sub(" ", rest))) > check.most_words:
        return None
    return found


def _permalink(check: Check, item: ItemLike, text: str, ctx: Context) -> str | None:
    links = _URL.findall(text)
    for link in links:
        host = (urlparse(link).hostname or "").lower()
        chat = any(host == h or host.endswith("." + h) for h in check.hosts)
        if chat and len(content_words(_URL.sub(" ", text))) <= check.most_words:
            return host
    return None


def _echo(check: Check, item: ItemLike, text: str, ctx: Context) -> str | None:
    whole = normal(text)
    if item.hint and len(item.hint) >= check.min_length and whole == normal(item.hint):
        return "the example"
    said = {_stem(w) for w in content_words(text)}
    offered = {_stem(w) for answer in offered_answers(item.text) for w in content_words(answer)}
    asked = {_stem(w) for w in content_words(_EXAMPLE.sub(" ", item.text))} - offered
    if whole == normal(item.text) or (len(said) >= 2 and said <= asked):
        return "the question"
    return None


def _past_date(check: Check, item: ItemLike, text: str, ctx: Context) -> str | None:
    if ctx.today is None:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return text.strip() if day < ctx.today else None


def _duplicate(check: Check, item: ItemLike, text: str, ctx: Context) -> str | None:
    whole = normal(text)
    if len(whole) < check.min_length:
        return None
    for other in ctx.items:
        if other.id == item.id or other.kind != "text":
            continue
        value = ctx.values.get(other.id)
        if isinstance(value, str) and normal(value) == whole:
            return other.id
    return None


def _no_people(check: Check, item: ItemLike, text: str, ctx: Context) -> str | None:
    return _quoted(text) if normal(text) in check.words else None


def _quoted(text: str) -> str:
    """The answer as a warning quotes it: trimmed of spaces, surrounding quotes and full stops."""
    return text.strip().strip(_EDGES) or text.strip()


_TESTS: dict[str, Callable[[Check, ItemLike, str, Context], str | None]] = {
    "placeholder": _placeholder,
    "pointer": _pointer,
    "permalink": _permalink,
    "echo": _echo,
    "past-date": _past_date,
    "duplicate": _duplicate,
    "no-people": _no_people,
}


@record(frozen=True)
class AnswerChecks:
    """A set of compiled checks, and what was wrong with the files they came from (one line each)."""

    checks: tuple[Check, ...]
    problems: tuple[str, ...] = ()

    def item(self, item: ItemLike, value: Any, ctx: Context | None = None) -> list[Finding]:
        """The one finding on an item's value, if any (none for an empty value or an answer the item offers).

        An answer gets at most one warning, the most specific: the first check, in the rules' order, that finds
        something ("see above" is a placeholder; it is not also a pointer with another fix, counted once anyway).
        """
        if not isinstance(value, str) or not value.strip():
            return []
        context = ctx or Context()
        if normal(value) in offered_answers(item.text):
            return []
        for check in self.checks:
            if not check.applies_to(item):
                continue
            what = _TESTS[check.test](check, item, value, context)
            if what is not None:
                return [check.finding(item, what, what)]
        return []

    def answers(self, items: Sequence[ItemLike], values: Mapping[str, Any], today: date | None) -> list[Finding]:
        """The finding on each of these items (the ones that currently count) that has one, in their order."""
        ctx = Context(items, values, today)
        found: list[Finding] = []
        for item in items:
            found += self.item(item, values.get(item.id), ctx)
        return found

"""The answer checks against a corpus of realistic answers with the verdicts a receiver would give.

Precision matters more than recall: a warning that is often wrong teaches people to
ignore all of them. The corpus (tests/data/answers.toml) holds answers to the
built-in checklists' items, good and vague; this test scores the built-in checks on
it and lists every answer they get wrong.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from baton.core.answer_checks import Context
from baton.core.answer_rules import gate_checks
from baton.core.catalog import builtin_entries

CORPUS = Path(__file__).parent / "data" / "answers.toml"


def _corpus() -> tuple[date, list[dict]]:
    data = tomllib.loads(CORPUS.read_text(encoding="utf-8"))
    return date.fromisoformat(data["today"]), data["answers"]


def _verdicts() -> list[tuple[dict, list]]:
    today, answers = _corpus()
    templates = {entry.template.id: entry.template for entry in builtin_entries()}
    checks = gate_checks()
    results = []
    for case in answers:
        template = templates[case["template"]]
        item = template.item(case["item"])
        assert item is not None, f"{case['template']} has no item {case['item']}"
        values = {**case.get("others", {}), item.id: case["value"]}
        results.append((case, checks.item(item, case["value"], Context(template.items, values, today))))
    return results


def test_the_corpus_is_big_and_balanced_enough_to_mean_something():
    _, answers = _corpus()
    vague = [a for a in answers if a["vague"]]
    assert len(answers) >= 100
    assert len(vague) >= 40 and len(answers) - len(vague) >= 40
    templates = {a["template"] for a in answers}
    assert templates == {entry.template.id for entry in builtin_entries()}


def test_precision_and_recall_of_the_built_in_checks():
    results = _verdicts()
    tp = [c for c, f in results if c["vague"] and f]
    fp = [(c, f) for c, f in results if not c["vague"] and f]
    fn = [c for c, f in results if c["vague"] and not f]
    precision = len(tp) / max(len(tp) + len(fp), 1)
    recall = len(tp) / max(len(tp) + len(fn), 1)
    wrong = [f"  false alarm: {c['template']}/{c['item']} = {c['value']!r} -> {[x.check for x in f]}" for c, f in fp]
    wrong += [f"  missed: {c['template']}/{c['item']} = {c['value']!r} (expected {c.get('check')})" for c in fn]
    summary = f"precision {precision:.3f}, recall {recall:.3f} over {len(results)} answers\n" + "\n".join(wrong)
    print(summary)
    assert precision >= 0.95 and recall >= 0.8, summary


@pytest.mark.parametrize(
    "name", ["placeholder", "pointer", "chat-link", "echo", "past-date", "duplicate", "no-people", "says-none"]
)
def test_every_check_catches_at_least_one_answer_in_the_corpus(name):
    caught = [c for c, f in _verdicts() if c["vague"] and any(x.check == name for x in f)]
    assert caught, f"no vague answer in the corpus is caught by {name}"

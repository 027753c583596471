"""`baton templates list` and `templates show`: where a checklist comes from, and each item with what and why."""

from __future__ import annotations

from typing import Any


def source_words(entry: Any) -> str:
    """Where a checklist comes from: `built-in`, or its file, and the built-in it takes the place of."""
    builtin = entry.overrides
    return entry.source + (f", overrides built-in v{builtin.version}" if builtin is not None else "")


def template_text(entry: Any) -> str:
    from baton.core.values import format_number

    t = entry.template
    lines = [
        f"{t.title}  ({t.id} v{t.version}, {source_words(entry)})",
        f"{t.transition} — trigger: {t.trigger}",
        f"answer within {t.accept_within_hours:g} h",
    ]
    if t.description:
        lines.append(t.description)
    lines.append("")
    for item in t.items:
        flag = "required" if item.required else "optional"
        rules = []
        if item.min_length:
            rules.append(f"at least {item.min_length} characters")
        if item.pattern:
            rules.append(f"matches {item.pattern}")
        if item.choices:
            rules.append("one of " + " | ".join(item.choices))
        if item.min is not None or item.max is not None:
            low = format_number(item.min) if item.min is not None else "-∞"
            high = format_number(item.max) if item.max is not None else "∞"
            rules.append(f"between {low} and {high}")
        if item.when:
            test = (
                f"= {item.when.equals}"
                if item.when.equals is not None
                else ("is filled" if item.when.is_set else "is empty")
            )
            rules.append(f"only when {item.when.item} {test}")
        lines.append(f"- {item.id} [{item.kind}, {flag}] {item.text}")
        lines.append(f"    why: {item.why}")
        if rules:
            lines.append(f"    rules: {'; '.join(rules)}")
    return "\n".join(lines)

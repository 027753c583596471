"""Signed roster events: the device that wrote a roster change signs it, so nobody else can claim it.

A roster event carries two extra payload fields: `device` (the writer's public key)
and `sig` (its signature). The signature covers every field of the event, the
payload without `sig` included, as canonical JSON (sorted keys, no spaces): the
same bytes on every replica, whatever order the fields arrived in.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .keys import DeviceKey

_FIELDS = ("id", "handoff", "kind", "hlc", "at", "author", "replica")


def canonical(data: Any) -> bytes:
    """The one byte form of plain JSON data that is signed and hashed."""
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


def message(event: dict[str, Any]) -> bytes:
    """What a roster event's signature covers (`event` as the projection folds it: `handoff`, not `handoff_id`)."""
    payload = {k: v for k, v in event["payload"].items() if k != "sig"}
    return canonical({**{k: event[k] for k in _FIELDS}, "payload": payload})


def sign_event(event: dict[str, Any], key: DeviceKey) -> dict[str, Any]:
    """The event with `device` and `sig` added to its payload."""
    payload = {**event["payload"], "device": key.public}
    signed = {**event, "payload": payload}
    payload["sig"] = key.sign(message(signed))
    return signed


def signed_by(event: dict[str, Any]) -> str | None:
    """The public key that signed this event, or None when it carries no valid signature."""
    payload = event["payload"]
    device, sig = payload.get("device"), payload.get("sig")
    if not isinstance(device, str) or not isinstance(sig, str):
        return None
    from .verified import verify  # checked once; PyNaCl loads with the first signature not checked before

    return device if verify(device, message(event), sig) else None

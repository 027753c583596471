"""Invitation codes: a lead's signed promise that names one person, their role and stages.

A code is the signed invitation itself (compact JSON, URL-safe base64), so a
joining device needs nobody online: its first roster event, `member_joined`,
carries the invitation, and every replica checks it the same way when it meets
that event in clock order (see roster.py): signed by a device enrolled for `by`,
who was a lead at the invitation's stamp; for this team; used once; not expired
at the join's stamp. A device invitation (`device=True`) is made by a person for
a second device of their own, from a device already enrolled.

The code also carries the team's identity (the founding event's id and the
founder's key): that is how a joining replica learns which team is its own.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import InvalidValue
from ..template import stage_problem
from .signing import canonical
from .verified import verify

if TYPE_CHECKING:
    from .keys import DeviceKey

PREFIX = "baton1."
DEFAULT_DAYS = 7


@dataclass(frozen=True)
class Invite:
    """A one-time invitation signed by who made it, so a joining device needs nobody else online to be enrolled."""

    team: str
    """The founding event's id: the team's identity."""
    founder: str
    """The founder's public key (the founding event is signed by it)."""
    id: str
    """Random id: an invitation is used once."""
    user: str
    role: str
    stages: tuple[str, ...]
    by: str
    """Who made it."""
    key: str
    """The public key of the device that made (and signed) it."""
    hlc: str
    """The clock stamp it was made at: the roster is checked there."""
    expires: int
    """UTC milliseconds after which it is refused."""
    device: bool = False
    """An invitation for a second device of `user` (made by `user`), not a new member."""
    sig: str = field(default="", compare=False)

    def body(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("sig")
        data["stages"] = list(self.stages)
        return data

    def signed(self, key: DeviceKey) -> Invite:
        return Invite(**{**self.body(), "stages": self.stages, "sig": key.sign(canonical(self.body()))})

    def signature_holds(self) -> bool:
        return bool(self.sig) and verify(self.key, canonical(self.body()), self.sig)

    def as_payload(self) -> dict[str, Any]:
        return {**self.body(), "sig": self.sig}

    def code(self) -> str:
        return PREFIX + base64.urlsafe_b64encode(canonical(self.as_payload())).decode("ascii").rstrip("=")


def from_payload(data: Any) -> Invite:
    """An invitation from its JSON form; InvalidValue when it is not one."""
    try:
        if not isinstance(data, dict):
            raise TypeError("not an object")
        stages = data["stages"]
        if not isinstance(stages, list) or any(stage_problem(s) for s in stages):
            raise TypeError("stages")
        invite = Invite(
            team=str(data["team"]),
            founder=str(data["founder"]),
            id=str(data["id"]),
            user=str(data["user"]),
            role=str(data["role"]),
            stages=tuple(stages),
            by=str(data["by"]),
            key=str(data["key"]),
            hlc=str(data["hlc"]),
            expires=int(data["expires"]),
            device=bool(data.get("device", False)),
            sig=str(data["sig"]),
        )
    except (KeyError, TypeError, ValueError):
        raise InvalidValue("not an invitation code (it may be cut short: copy the whole line)") from None
    if invite.role not in ("member", "lead"):
        raise InvalidValue("not an invitation code (unknown role)")
    return invite


def read_code(code: str) -> Invite:
    """The invitation a code holds; one clear line when it is not a code or its signature fails."""
    text = "".join(code.split())
    if not text.startswith(PREFIX):
        raise InvalidValue("not an invitation code (codes start with baton1.)")
    raw = text[len(PREFIX) :]
    try:
        data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (ValueError, binascii.Error):
        raise InvalidValue("not an invitation code (it may be cut short: copy the whole line)") from None
    invite = from_payload(data)
    if not invite.signature_holds():
        raise InvalidValue("this invitation code is damaged or was altered: its signature does not match")
    return invite

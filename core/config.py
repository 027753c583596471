"""The replica's own settings: who writes here, in which role and time zone."""

from __future__ import annotations

import json
import os
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import BatonError, InvalidValue, NotInitialized
from .home import Home
from .timezones import zone

USER_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,31}$"
Role = Literal["member", "lead"]


class Config(BaseModel):
    """One replica: one person on one device."""

    model_config = ConfigDict(extra="ignore")

    user: Annotated[str, Field(pattern=USER_PATTERN)]
    """The person's handle, the same on all their devices (e.g. `priya`)."""
    display_name: str
    """How teammates see the person (e.g. `Priya Raman`)."""
    role: Role = "member"
    """`lead` may waive required items and reassign any handoff."""
    tz: str = "UTC"
    """IANA time zone; times are shown in it and teammates see the local hour."""
    replica_id: Annotated[str, Field(pattern=r"^[0-9a-f]{12,32}$")]
    """Random id of this copy; never shared by two devices."""
    sync_dir: str | None = None
    """The shared folder a sync engine keeps in step, if any."""


def check_user(name: str) -> str:
    """A handle is lowercase letters, digits, `.`, `_` or `-`, at most 32 characters."""
    if not re.match(USER_PATTERN, name):
        raise InvalidValue(f"invalid user name {name!r}: use lowercase letters, digits, '.', '_' or '-' (at most 32)")
    return name


def load_config(home: Home) -> Config:
    """The replica's config; NotInitialized when `baton init` has not run here."""
    try:
        raw = home.config.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotInitialized(f"no replica in {home.root}: run `baton init --user NAME` first") from None
    except OSError as exc:
        raise BatonError(f"cannot read {home.config}: {exc}") from None
    try:
        config = Config.model_validate(json.loads(raw))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "its content"
        raise BatonError(f"{home.config} is damaged: {where}: {first['msg']}") from None
    except ValueError as exc:
        raise BatonError(f"{home.config} is damaged: {str(exc).splitlines()[0]}") from None
    try:
        zone(config.tz)  # a zone edited in by hand would fail every screen that shows a time
    except InvalidValue as exc:
        raise BatonError(f"{home.config} is damaged: tz: {exc}") from None
    return config


def save_config(home: Home, config: Config) -> None:
    """Write the config atomically (temp file, then rename)."""
    home.root.mkdir(parents=True, exist_ok=True)
    tmp = home.config.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(config.model_dump(), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, home.config)

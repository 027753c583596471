"""The replica's own settings: who writes here, in which role and time zone.

A plain record (core/record.py) checked by hand (six fields): every command reads it first, and
importing pydantic for it alone would cost more than the command itself.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any, Literal

from .errors import BatonError, InvalidValue, NotInitialized
from .home import Home
from .record import asdict, fields, record, replace
from .regular_file import NotAFile, read_settings
from .timezones import zone

USER_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,31}$"
REPLICA_PATTERN = r"^[0-9a-f]{12,32}$"
Role = Literal["member", "lead"]


@record(frozen=True)
class Config:
    """One replica: one person on one device."""

    user: str
    """The person's user name, the same on all their devices (e.g. `priya`)."""
    display_name: str
    """How teammates see the person (e.g. `Priya Raman`)."""
    replica_id: str
    """Random id of this copy; never shared by two devices."""
    role: Role = "member"
    """`lead` may waive required items and reassign any handoff."""
    tz: str = "UTC"
    """IANA time zone; times are shown in it and teammates see the local hour."""
    sync_dir: str | None = None
    """The shared folder a sync engine keeps in step, if any."""

    def __post_init__(self) -> None:
        problem = _problem(self)
        if problem:
            raise ValueError(problem)

    @classmethod
    def from_dict(cls, data: Any) -> Config:
        """The config in a parsed config.json (unknown keys ignored); ValueError naming the first problem."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        known = {f.name for f in fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in known})
        except TypeError as exc:
            raise ValueError(f"missing or unknown field: {exc}") from None

    def with_(self, **changes: Any) -> Config:
        """A copy with these fields changed (checked again)."""
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _problem(config: Config) -> str | None:
    for name in ("user", "display_name", "replica_id", "tz"):
        if not isinstance(getattr(config, name), str):
            return f"{name}: not a text"
    if not re.fullmatch(USER_PATTERN, config.user):
        return f"user: {config.user!r} is not a user name"
    if not re.fullmatch(REPLICA_PATTERN, config.replica_id):
        return f"replica_id: {config.replica_id!r} is not a replica id"
    if config.role not in ("member", "lead"):
        return f"role: {config.role!r} is not member or lead"
    if config.sync_dir is not None and not isinstance(config.sync_dir, str):
        return "sync_dir: not a text"
    return None


def check_user(name: str) -> str:
    """A user name is lowercase letters, digits, `.`, `_` or `-`, at most 32 characters."""
    if not re.fullmatch(USER_PATTERN, name):  # fullmatch: `$` alone lets a name end in a newline
        raise InvalidValue(f"invalid user name {name!r}: use lowercase letters, digits, '.', '_' or '-' (at most 32)")
    return name


def load_config(home: Home) -> Config:
    """The replica's config; NotInitialized when `baton init` has not run here."""
    try:
        raw = read_settings(home.config)
    except FileNotFoundError:
        if home.database.is_file():  # config.json lost: init takes the database up again (kept_database.py)
            raise NotInitialized(
                f"{home.config} is missing, {home.database} is still there: `baton init --user USER` (your user "
                "name) writes it again and keeps your work"
            ) from None
        raise NotInitialized(f"no replica in {home.root}: run `baton init --user USER` first") from None
    except (OSError, NotAFile) as exc:
        raise BatonError(f"cannot read {home.config}: {exc}") from None
    except UnicodeDecodeError:
        raise BatonError(f"{home.config} is damaged: not UTF-8 text") from None
    try:
        config = Config.from_dict(json.loads(raw))
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
    tmp.write_text(json.dumps(config.as_dict(), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, home.config)

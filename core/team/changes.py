"""How each roster event applies, checked at its place in clock order (the fold is in roster.py).

`take(roster, event)` applies a valid event and returns None, or returns the
reason it is not applied (the event stays in the log). Every rule reads the
roster as it stands at the event's stamp; nothing in a payload grants authority
by itself: authority comes from the signing device being enrolled for the
author, and the author holding the role, at that stamp.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..errors import InvalidValue
from ..events import ROSTER_KINDS
from ..hours import MAX_AWAY_REASON
from ..template import stage_problem
from ..terminal_text import has_control
from ..values import parse_date
from .allowed import may_away, may_retire, may_revoke, may_set
from .checklists import checklist_hash
from .invite import from_payload
from .keys import fingerprint
from .legacy import take_marks
from .member_fields import MAX_NAME, field_problem, name_taken
from .older_marks import mark_removed, mark_retired, unmarked_demotion
from .origins import watermark_from
from .roster import DaysAway, Device, Member, Roster, not_on_team
from .signing import signed_by

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOT_RECORDED = "its invitation was not recorded by a device on the team: it counts once that record arrives"
SELF_FIELDS = ("name", "tz", "hours", "holidays")


def take(roster: Roster, event: dict[str, Any], floor: str | None = None) -> str | None:
    """`floor`: the stamp to judge it at when later than its own (Roster.floors)."""
    kind, author = event["kind"], event["author"]
    if kind not in ROSTER_KINDS:
        return f"not a roster change ({kind})"
    key = signed_by(event)
    if key is None:
        return "its signature does not match: it was not written by the device it names"
    if floor is not None and floor > event["hlc"]:
        event = {**event, "hlc": floor}
    if kind == "team_founded":
        return _found(roster, event, key)
    if roster.team is None:
        return "no team was founded before it"
    if event["hlc"] <= roster.founded_at:
        return "stamped before the team was founded"
    if kind == "member_joined":
        return _join(roster, event, key)
    if roster.device_user(key, event["hlc"]) != author:
        return not_on_team(author)
    return _BY_KIND[kind](roster, event, key)


def _record(roster: Roster, user: str, hlc: str, member: Member | None) -> None:
    stamps, states = roster.history.setdefault(user, ([], []))
    stamps.append(hlc)
    states.append(member)


def _add_member(roster: Roster, event: dict[str, Any], user: str, role: str, stages: tuple[str, ...], by: str) -> None:
    """Put someone on the team at the event's stamp; the name and zone they gave ride in the payload."""
    payload = event["payload"]
    # A name or zone `team set` would refuse counts as not given here: the join (or founding) stands. So does a
    # name another member goes by (member_fields.name_taken): the newcomer is shown by their user name instead.
    given = payload.get("name")
    fits = field_problem("name", given) is None and name_taken(roster, user, given, event["hlc"], event["at"]) is None
    name = _text(payload, "name") if fits else None
    tz = _text(payload, "tz") if field_problem("tz", payload.get("tz")) is None else None
    member = Member(user, name or user, role, stages, tz=tz, added_by=by, added_at=event["at"], since=event["hlc"])
    _record(roster, user, event["hlc"], member)


def _enroll(roster: Roster, event: dict[str, Any], user: str, key: str, replica: str, by: str) -> None:
    first = key not in roster.devices
    device = Device(key, user, replica, fingerprint(key), by, event["at"], "" if first else event["hlc"])
    roster.devices.setdefault(key, []).append(device)
    roster.by_replica.setdefault(replica, []).append(device)


def _text(payload: dict[str, Any], name: str) -> str | None:
    """A text field of a roster event; a name, zone or reason holding control characters counts as not given
    (no legitimate one has any: `baton` refuses them, and the roster's text is printed in teammates' terminals)."""
    value = payload.get(name)
    if name == "name" and isinstance(value, str) and len(value.strip()) > MAX_NAME:
        return None  # a name of a page's length: printed whole in every listing of every teammate
    if name == "reason" and isinstance(value, str) and len(" ".join(value.split())) > MAX_AWAY_REASON:
        return None  # the same for why someone is away: said in every note about the absence
    return value.strip() or None if isinstance(value, str) and not has_control(value) else None


def _stages(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list) or any(stage_problem(s) for s in value):
        return None
    return tuple(dict.fromkeys(value))


def _found(roster: Roster, event: dict[str, Any], key: str) -> str | None:
    if roster.team is not None:
        return f"the team was already founded by {roster.founder}: a second founding is ignored"
    if roster.pin is not None and (event["id"] != roster.pin.id or key != roster.pin.key):
        return "the founding of another team, not the one this replica belongs to"
    payload, user, hlc = event["payload"], event["author"], event["hlc"]
    roster.team, roster.founder, roster.founder_key = event["id"], user, key
    roster.founded_at, roster.founded_ms = hlc, event["at"]
    legacy = payload.get("legacy")
    vouched = legacy if isinstance(legacy, dict) else {}
    roster.legacy = {r: s for r, s in vouched.items() if isinstance(r, str) and isinstance(s, str) and s < hlc}
    take_marks(roster, payload, event["replica"])
    _add_member(roster, event, user, "lead", _stages(payload.get("stages")) or (), user)
    _enroll(roster, event, user, key, event["replica"], user)
    return None


def _join(roster: Roster, event: dict[str, Any], key: str) -> str | None:
    payload, author, hlc = event["payload"], event["author"], event["hlc"]
    try:
        invite = from_payload(payload.get("invite"))
    except InvalidValue:
        return "it carries no readable invitation"
    if not invite.signature_holds():
        return "the invitation's signature does not match"
    if invite.team != roster.team:
        return "the invitation is for another team"
    if invite.user != author:
        return f"the invitation is for {invite.user}, not {author}"
    if invite.id in roster.used:
        return f"the invitation was already used (by {roster.used[invite.id]})"
    if invite.id in roster.revoked or invite.id in roster.revoked_anywhere:
        if invite.id in roster.lapsed or invite.id in roster.lapsed_anywhere:
            return "the invitation expired before a lead saw it used: ask for a new one"
        return "the invitation was revoked"
    if invite.hlc >= hlc:
        return "stamped before its invitation was made"
    if not isinstance(event["at"], int) or event["at"] > invite.expires:
        # The joiner's own wall time, not its clock stamp: the stamp has moved up to the newest one the joiner
        # took in, and a teammate whose clock runs days ahead must not expire every code. A joiner who sets its
        # clock back gains nothing either way: a lead's copy lapses the code (membership.lapse_expired).
        return "the invitation had expired"
    if roster.device_user(invite.key, invite.hlc) != invite.by:
        return f"the invitation was not signed by a device of {invite.by} on the team"
    current = roster.member(author, hlc)
    if roster.void_by_removal(invite, hlc):  # a removal ends what was given them before it
        return f"{author} was removed from the team after this invitation was made: ask a lead for a new one"
    if invite.device:
        if current is None:
            return f"{author} is not on the team: a device invitation adds a device to a member"
        if invite.by != author and not roster.is_lead(invite.by, invite.hlc):
            return f"a device invitation is made by {author} from a device already on the team, or by a lead"
    elif not roster.is_lead(invite.by, invite.hlc):
        return f"the invitation was made by {invite.by}, who was not a lead then"
    elif current is not None:
        return f"{author} is already on the team: invite a second device with `baton team invite --device`"
    if roster.device_user(key, hlc) is not None:
        return "this device is already on the team"
    if invite.id not in roster.invites and invite.id not in roster.recorded_anywhere:
        roster.waiting[invite.id] = (event["replica"], invite)
        return NOT_RECORDED
    roster.used[invite.id] = author
    if not invite.device:
        _add_member(roster, event, author, invite.role, invite.stages, invite.by)
    _enroll(roster, event, author, key, event["replica"], invite.by)
    return None


def _invited(roster: Roster, event: dict[str, Any], key: str) -> str | None:
    try:
        invite = from_payload(event["payload"].get("invite"))
    except InvalidValue:
        return "it carries no readable invitation"
    if invite.by != event["author"] or invite.key != key or invite.team != roster.team:
        return "the invitation does not match who recorded it"
    if not roster.is_lead(event["author"], event["hlc"]):
        # A member records only invitations for devices of their own: a demoted lead's record that came past the
        # demotion's watermark is judged here, at the demotion, whatever earlier time its invitation claims.
        if not invite.device:
            return "only a lead can invite someone"
        if invite.user != invite.by:
            return "only a lead can invite a device for someone else"
    roster.invites[invite.id] = invite
    return None


def _device_added(roster: Roster, event: dict[str, Any], key: str) -> str | None:
    payload, author, hlc = event["payload"], event["author"], event["hlc"]
    if not roster.is_lead(author, hlc):
        return "only a lead can confirm a device"
    user, enrol, replica = payload.get("user"), payload.get("enrol"), payload.get("replica")
    if not all(isinstance(v, str) and v for v in (user, enrol, replica)):
        return "it names no user, key and replica"
    assert isinstance(user, str) and isinstance(enrol, str) and isinstance(replica, str)
    if roster.device_user(enrol, hlc) is not None:
        return "this device is already on the team"
    if roster.member(user, hlc) is None:
        _add_member(roster, event, user, "member", _stages(payload.get("stages")) or (), author)
    _enroll(roster, event, user, enrol, replica, author)
    return None


def _member_set(roster: Roster, event: dict[str, Any], key: str) -> str | None:
    payload, author, hlc = event["payload"], event["author"], event["hlc"]
    user = payload.get("user")
    problem = may_set(roster, author, hlc, user, payload)
    if problem is not None:
        return problem
    current = roster.member(user, hlc)
    assert current is not None  # may_set found them
    for name in SELF_FIELDS:  # a field `team set` refuses is refused here too: the change is not applied
        wrong = field_problem(name, payload[name]) if name in payload else None
        if wrong is not None:
            return wrong
    # One person passing as another: the name is not applied, as `team set` refuses it; the change's other fields
    # are (a rename that clashed with one made at once elsewhere, or one an older baton allowed, must not take a
    # lead's role, stages or zone away with it).
    taken = name_taken(roster, current.user, payload["name"], hlc, event["at"]) if "name" in payload else None
    if taken is not None and not any(k in payload for k in ("role", "stages", *SELF_FIELDS) if k != "name"):
        return taken  # a rename alone: refused whole, and said so
    changes: dict[str, Any] = {}
    if "role" in payload:
        if payload["role"] not in ("member", "lead"):
            return f"unknown role {payload['role']!r}"
        changes["role"] = payload["role"]
    if "stages" in payload:
        stages = _stages(payload["stages"])
        if stages is None:
            return "stages must be a list of names"
        changes["stages"] = stages
    for name in SELF_FIELDS:
        if name in payload and not (name == "name" and taken is not None):
            changes[name] = _text(payload, name)
    if current.role == "lead" and changes.get("role") == "member":
        _mark_demotion(roster, current.user, payload.get("upto"), hlc)
    elif current.role == "member" and changes.get("role") == "member" and "upto" in payload:
        demoted = unmarked_demotion(roster, current.user)
        if demoted is not None:  # a demotion from an older baton, named a watermark later (retire_marks.py)
            _mark_demotion(roster, current.user, payload["upto"], demoted)
    _record(roster, current.user, hlc, replace(current, **changes))
    return None


def _mark_demotion(roster: Roster, user: str, upto: Any, hlc: str) -> None:
    """A demotion names, per device, the last segment the lead took in: what they sign past it is a member's."""
    if not isinstance(upto, dict):
        return
    for device in [d for found in roster.devices.values() for d in found if d.user == user and d.until is None]:
        mark = watermark_from(upto.get(device.replica), device.replica)
        if mark is not None:
            roster.demotions[device.key] = (mark, hlc)


def _away(roster: Roster, event: dict[str, Any], key: str) -> str | None:
    payload, author, hlc = event["payload"], event["author"], event["hlc"]
    user, start, end = payload.get("user"), payload.get("start"), payload.get("end")
    problem = may_away(roster, author, hlc, user)
    if problem is not None:
        return problem
    current = roster.member(user, hlc)
    assert current is not None  # may_away found them
    if not (_day(start) and _day(end)) or end < start:  # days the calendar has, as `team away` reads them
        return "a period away needs a first and a last day (YYYY-MM-DD, in order)"
    periods = {(a.first, a.last): a.reason for a in current.away}
    if payload.get("cancel"):
        periods.pop((start, end), None)
    else:  # a reason given says why from now on; days recorded again without one keep the one they had
        periods[(start, end)] = _text(payload, "reason") or periods.get((start, end), "")
    away = tuple(sorted(DaysAway(first, last, reason) for (first, last), reason in periods.items()))
    _record(roster, current.user, hlc, replace(current, away=away))
    return None


def _day(value: Any) -> bool:
    """A day as `team away` writes one: YYYY-MM-DD, and a day the calendar has (not 2030-02-31)."""
    return isinstance(value, str) and DATE.fullmatch(value) is not None and parse_date(value) is not None


def _removed(roster: Roster, event: dict[str, Any], key: str) -> str | None:
    author, hlc, user = event["author"], event["hlc"], event["payload"].get("user")
    if not roster.is_lead(author, hlc):
        return "only a lead can remove someone from the team"
    if isinstance(user, str) and roster.member(user, hlc) is None and user in roster.removals:
        return mark_removed(roster, user, event["payload"].get("upto"))
    if not isinstance(user, str) or roster.member(user, hlc) is None:
        return f"{user} is not on the team"
    upto = event["payload"].get("upto")
    _record(roster, user, hlc, None)
    roster.removals.setdefault(user, []).append((hlc, author))
    for device in [d for found in roster.devices.values() for d in found if d.user == user and d.until is None]:
        _end(roster, device, hlc)
        mark = watermark_from(upto.get(device.replica), device.replica) if isinstance(upto, dict) else None
        if mark is not None:  # what their device signs past it never counts, however early it is stamped
            roster.removal_marks[device.key] = mark
    return None


def _end(roster: Roster, device: Device, hlc: str) -> None:
    """A device stops counting at `hlc` (its person removed, or the device retired)."""
    ended = replace(device, until=hlc)
    found = roster.devices[device.key]
    found[found.index(device)] = ended
    same = roster.by_replica[device.replica]
    same[same.index(device)] = ended


def _retired(roster: Roster, event: dict[str, Any], key: str) -> str | None:
    payload, author, hlc = event["payload"], event["author"], event["hlc"]
    user, retire = payload.get("user"), payload.get("key")
    if isinstance(retire, str) and retire in roster.retired and "upto" in payload:
        return mark_retired(roster, event, retire)
    problem = may_retire(roster, author, hlc, user, retire, key)
    if problem is not None:
        return problem
    active = [d for d in roster.devices[retire] if d.user == user and d.until is None]
    if "upto" in payload:
        mark = watermark_from(payload["upto"], active[0].replica)
        if mark is None:
            return "the last segment it names is not readable"
        roster.watermarks[retire] = mark
    for device in active:
        _end(roster, device, hlc)
    roster.retired[retire] = (hlc, author)
    return None


def _revoked(roster: Roster, event: dict[str, Any], key: str) -> str | None:
    author, hlc, invite_id = event["author"], event["hlc"], event["payload"].get("invite")
    problem = may_revoke(roster, author, hlc, invite_id)
    if problem is not None:
        return problem
    invite = roster.invites[invite_id]
    if event["payload"].get("lapsed") is True:
        if not roster.is_lead(author, hlc):
            return "only a lead's clock says an invitation expired"
        if int(hlc[:16]) <= invite.expires:
            return "the invitation had not expired yet at its stamp"
        roster.lapsed.add(invite.id)
    roster.revoked.setdefault(invite.id, (hlc, author))
    return None


def _published(roster: Roster, event: dict[str, Any], key: str) -> str | None:
    from ..errors import TemplateError
    from ..template_schema import validate

    if not roster.is_lead(event["author"], event["hlc"]):
        return "only a lead can publish a checklist"
    snapshot = event["payload"].get("checklist")
    if not isinstance(snapshot, dict):
        return "it carries no checklist"
    try:
        validate(snapshot, "the published checklist")
    except TemplateError:
        return "the checklist it carries is not a valid checklist"
    roster.checklists.setdefault(checklist_hash(snapshot), (snapshot, event["hlc"], event["author"]))
    return None


def _stage_rule(roster: Roster, event: dict[str, Any], key: str) -> str | None:
    from ..routing import RULES

    payload, hlc = event["payload"], event["hlc"]
    if not roster.is_lead(event["author"], hlc):
        return "only a lead can change how a stage routes"
    stage, rule, owner = payload.get("stage"), payload.get("rule"), payload.get("owner")
    if stage_problem(stage) or rule not in RULES:
        return "a stage rule names a stage and one of: " + ", ".join(RULES)
    if (rule == "owner") != isinstance(owner, str) or (owner is not None and roster.member(owner, hlc) is None):
        return "a fixed triage owner must be on the team, and only that rule names one"
    roster.stage_rules[stage] = (str(rule), owner)
    return None


_BY_KIND = {
    "member_invited": _invited,
    "device_added": _device_added,
    "member_set": _member_set,
    "member_away": _away,
    "member_removed": _removed,
    "device_retired": _retired,
    "invite_revoked": _revoked,
    "checklist_published": _published,
    "stage_rule": _stage_rule,
}

"""The Outbox's "all handoffs, closed too" view holds every handoff you sent, accepted and cancelled ones too;
the open outbox (the app's first view, and `baton list --outbox`) still holds drafts, sent and returned ones."""

from __future__ import annotations

from conftest import Team

from baton.core.queues import QueueFilter, page


def _ids(team: Team, queue: QueueFilter) -> set[str]:
    return {row["id"] for row in page(team.store.conn, queue)}


def _three(team: Team) -> tuple[str, str, str]:
    """ana's handoffs to ben: one accepted, one cancelled, one still a draft."""
    accepted, cancelled, draft = team.ready(), team.draft(), team.draft()
    team["ana"].send(accepted)
    team["ben"].accept(accepted)
    team["ana"].cancel(cancelled, "The client chose another vendor.")
    return accepted, cancelled, draft


def test_all_of_the_outbox_holds_closed_handoffs_too(team: Team) -> None:
    accepted, cancelled, draft = _three(team)
    assert _ids(team, QueueFilter(user="ana", scope="outbox")) == {accepted, cancelled, draft}
    assert _ids(team, QueueFilter(user="ana", scope="outbox", open_only=True)) == {draft}


def test_baton_list_outbox_stays_the_open_outbox(team: Team) -> None:
    accepted, cancelled, draft = _three(team)
    assert _ids(team, QueueFilter.listed("ana", "outbox")) == {draft}
    assert _ids(team, QueueFilter.listed("ana", "outbox", "accepted")) == set()
    assert _ids(team, QueueFilter.listed("ben", "inbox")) == {accepted}  # the inbox keeps what was accepted

"""Ops queues: pages of rows waiting for someone (one page type, `queue.html`). Each queue
is a read of the rows, the columns shown, where a row leads (the page with its actions), and
the decisions ops take on a row right there (`decisions.py`): appeals, failed withdrawals,
messages held by the screen (release, confirm), suspected private deals (dismiss, confirm)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from sqlmodel import SQLModel, col, select

from service.console import session
from service.console.pages import router, signed_in
from service.console.render import go, page, problem_page
from service.console.session import Who
from service.credit.models import Violation
from service.messages.models import MessageStatus, OrderMessage
from service.money.models import Withdrawal
from service.parties.models import PartyKind
from service.private_deals.models import CaseStatus, PrivateDealCase
from statemachine.credit import ViolationStatus
from statemachine.withdrawal import WithdrawalState


@dataclass(frozen=True)
class Queue:
    title_key: str
    model: type[SQLModel]
    where: Any
    oldest_first: Any
    columns: tuple[str, ...]
    link: str  # a format string over the row: where its actions are
    # (decision, its label): `POST /v1/ops/{queue}/{id}/{decision}` on a row
    decisions: tuple[tuple[str, str], ...] = ()
    id_prefix: str = ""  # of the rows' ids, checked before a decision is sent


HELD_DECISIONS = (("release", "release_message"), ("confirm", "confirm_message"))

QUEUES: dict[str, Queue] = {
    "appeals": Queue(
        "appeals", Violation, col(Violation.status) == ViolationStatus.APPEALED,
        col(Violation.appealed_at), ("id", "creator_id", "kind", "points", "appeal",
                                     "appealed_at", "order_id"),
        "/console/creators/{creator_id}",
    ),
    "failed-withdrawals": Queue(
        "failed_withdrawals", Withdrawal, col(Withdrawal.state) == WithdrawalState.FAILED,
        col(Withdrawal.updated_at), ("id", "party_id", "amount_fen", "channel",
                                     "failure_reason", "updated_at"),
        "",
    ),
    "held-messages": Queue(
        "held_messages", OrderMessage, col(OrderMessage.status) == MessageStatus.HELD,
        col(OrderMessage.created_at), ("id", "order_id", "sender_kind", "text", "created_at"),
        "/console/orders/{order_id}", HELD_DECISIONS, "msg",
    ),
    "private-deal-cases": Queue(
        "private_deal_cases", PrivateDealCase, col(PrivateDealCase.status) == CaseStatus.OPEN,
        col(PrivateDealCase.opened_at), ("id", "creator_id", "video_url", "opened_at"),
        "/console/creators/{creator_id}",
        (("dismiss", "dismiss_case"), ("confirm", "confirm_case")), "pdc",
    ),
}  # fmt: skip


@router.get("/queues/{name}")
async def queue(request: Request, name: str, done: str = "") -> Response:
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    found = QUEUES.get(name)
    labels = dict(found.decisions) if found else {}
    return await queue_page(request, who, name, done=labels.get(done, ""))


async def queue_page(
    request: Request, who: Who, name: str, status: int = 200, **notes: str
) -> Response:
    """The queue's page for ops (a 404 page for anyone else), with `notes`: the label of the
    decision `done`, or the `error` that stopped one."""
    found = QUEUES.get(name)
    if found is None or who.kind is not PartyKind.OPS:
        return problem_page(request, who, 404, "not_found")
    statement = select(found.model).where(found.where).order_by(found.oldest_first).limit(200)
    async with request.app.state.db.session() as db:
        rows = [row.model_dump() for row in (await db.exec(statement)).all()]
    for row in rows:
        row["_link"] = found.link.format(**row) if found.link else ""
    return page(request, "queue.html", who, status, name=name, title_key=found.title_key,
                columns=found.columns, rows=rows, decisions=found.decisions,
                token=session.action_token(), **notes)  # fmt: skip

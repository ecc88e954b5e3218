"""Ops queues: pages of rows waiting for someone (one page type, `queue.html`). Each queue
is a read of the rows, the columns shown, and where a row leads (the page with its
actions): appeals, failed withdrawals, messages held by the screen, suspected private
deals (ops decide the last two through the API's `/v1/ops/…` routes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from sqlmodel import SQLModel, col, select

from service.console.pages import router, signed_in
from service.console.render import go, page, problem_page
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
        "/console/orders/{order_id}",
    ),
    "private-deal-cases": Queue(
        "private_deal_cases", PrivateDealCase, col(PrivateDealCase.status) == CaseStatus.OPEN,
        col(PrivateDealCase.opened_at), ("id", "creator_id", "video_url", "opened_at"),
        "/console/creators/{creator_id}",
    ),
}  # fmt: skip


@router.get("/queues/{name}")
async def queue(request: Request, name: str) -> Response:
    who = await signed_in(request)
    if who is None:
        return go("/console/sign-in")
    found = QUEUES.get(name)
    if found is None or who.kind is not PartyKind.OPS:
        return problem_page(request, who, 404, "not_found")
    statement = select(found.model).where(found.where).order_by(found.oldest_first).limit(200)
    async with request.app.state.db.session() as db:
        rows = [row.model_dump() for row in (await db.exec(statement)).all()]
    for row in rows:
        row["_link"] = found.link.format(**row) if found.link else ""
    return page(request, "queue.html", who, title_key=found.title_key, columns=found.columns,
                rows=rows)  # fmt: skip

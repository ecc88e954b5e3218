"""Order messages between the order's brand and creator, screened for off-platform contact.

A refused message is not delivered but is kept for ops; the refusal (422) is returned as a
response rather than raised, so that the request's one commit still stores it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.config import Settings
from service.credit.models import Violation
from service.credit.service import record_violation
from service.deps import Caller, CallerDep, ClockDep, Session, SettingsDep
from service.ids import new_id
from service.messages.models import OrderMessage
from service.messages.screening import screen
from service.orders import repository
from service.orders.models import Order
from service.parties.models import PartyKind
from service.problems import Forbidden, answers, problem_response
from service.schemas import Reason, StrictBody
from service.uow import Router
from statemachine.credit import ViolationKind

router = Router(prefix="/v1/orders", tags=["messages"])


class MessageCreate(StrictBody):
    text: Reason  # (a long text of up to 2,000 characters, as a reason is)


class MessagePublic(BaseModel):
    id: str
    order_id: str
    sender_kind: str
    sender_id: str
    text: str
    delivered: bool
    findings: list[dict[str, Any]]
    created_at: datetime


def _party_to_it(order: Order, caller: Caller) -> None:
    """Only the order's brand and creator talk; ops read everything, MCNs nothing."""
    if caller.party_id not in (order.brand_id, order.creator_id):
        raise Forbidden("only the order's brand and creator exchange messages")


async def _repeat_offence(
    session: AsyncSession, creator_id: str, now: datetime, settings: Settings
) -> bool:
    """True when this refusal is the creator's second (or later) in the window and the window
    holds no off_platform_contact violation yet: one violation per window of refusals."""
    since = now - timedelta(days=settings.off_platform_window_days)
    refused = await session.exec(
        select(func.count()).where(
            col(OrderMessage.sender_id) == creator_id,
            col(OrderMessage.delivered).is_(False),
            col(OrderMessage.created_at) > since,
        )
    )
    recorded = await session.exec(
        select(func.count()).where(
            col(Violation.creator_id) == creator_id,
            col(Violation.kind) == ViolationKind.OFF_PLATFORM_CONTACT,
            col(Violation.created_at) > since,
        )
    )
    return refused.one() >= 2 and recorded.one() == 0


@router.post(
    "/{order_id}/messages",
    status_code=201,
    response_model=MessagePublic,
    openapi_extra=answers("off_platform_contact"),
    summary="Send a message to the other side of the order (screened)",
    name="send_message",
)
async def send(
    order_id: str,
    body: MessageCreate,
    caller: CallerDep,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
) -> Any:
    now = clock.now()
    order = await repository.order_for(session, caller, order_id, now)
    _party_to_it(order, caller)
    findings = screen(body.text)
    message = OrderMessage(
        id=new_id("msg"),
        order_id=order.id,
        sender_kind=caller.kind.value,
        sender_id=caller.party_id,
        text=body.text,
        delivered=not findings,
        findings=[{"kind": f.kind, "match": f.match} for f in findings],
        created_at=now,
    )
    session.add(message)
    await session.flush()
    if not findings:
        return MessagePublic.model_validate(message, from_attributes=True)
    if caller.kind is PartyKind.CREATOR and await _repeat_offence(
        session, caller.party_id, now, settings
    ):
        await record_violation(
            session, caller.party_id, ViolationKind.OFF_PLATFORM_CONTACT,
            (caller.actor, None), now, settings, order_id=order.id, evidence=body.text,
        )  # fmt: skip
    kinds = ", ".join(sorted({f.kind.replace("_", " ") for f in findings}))
    return problem_response(
        422, "off_platform_contact", "Message refused",
        f"deal on the platform: the message carries {kinds}",
        found=message.findings, message_id=message.id,
    )  # fmt: skip


@router.get(
    "/{order_id}/messages",
    response_model=list[MessagePublic],
    openapi_extra=answers(),
    summary="The order's messages, oldest first (ops also see refused ones)",
    name="list_messages",
)
async def read(
    order_id: str,
    caller: CallerDep,
    session: Session,
    clock: ClockDep,
    starting_after: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> list[MessagePublic]:
    order = await repository.order_for(session, caller, order_id, clock.now())
    statement = select(OrderMessage).where(col(OrderMessage.order_id) == order.id)
    if caller.kind is not PartyKind.OPS:
        _party_to_it(order, caller)
        statement = statement.where(col(OrderMessage.delivered).is_(True))
    if starting_after:
        statement = statement.where(col(OrderMessage.id) > starting_after)
    rows = await session.exec(statement.order_by(col(OrderMessage.id)).limit(limit))
    return [MessagePublic.model_validate(m, from_attributes=True) for m in rows]

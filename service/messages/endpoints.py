"""Order messages between the order's brand and creator, screened for off-platform contact.

The screen's verdict decides (service/messages/screening.py, product.md §11): a message it is
sure about is refused (422, returned as a response rather than raised, so that the request's
one commit still stores it for ops); one it is unsure about is stored as `held`, seen by its
sender and ops only, until ops release it (delivered) or confirm it (refused, and counted as
a refused message for the repeat-offence rule); a clean one is delivered.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, Field
from sqlmodel import and_, col, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from service.config import Settings
from service.credit.models import Violation
from service.credit.service import record_violation
from service.deps import Caller, CallerDep, ClockDep, OpsCaller, Session, SettingsDep
from service.events.emit import NewEvent, emit
from service.ids import new_id
from service.messages.models import MessageStatus, OrderMessage
from service.messages.screening import Outcome, judge
from service.orders import repository
from service.orders.models import Order
from service.parties.models import PartyKind
from service.problems import (
    Conflict,
    Forbidden,
    NotFound,
    VersionConflict,
    answers,
    problem_response,
)
from service.schemas import Reason, StrictBody
from service.uow import Router
from statemachine.credit import ViolationKind

router = Router(prefix="/v1/orders", tags=["messages"])
ops_router = Router(prefix="/v1/ops", tags=["messages"])


class MessageCreate(StrictBody):
    text: Reason  # (a long text of up to 2,000 characters, as a reason is)


class MessagePublic(BaseModel):
    id: str
    order_id: str
    sender_kind: str
    sender_id: str
    text: str
    delivered: bool
    status: MessageStatus = Field(
        description="delivered; held for ops review (seen by its sender and ops only); refused"
    )
    findings: list[dict[str, Any]] = Field(
        description="what the screen found: `kind`, `match` and `score` (0-1) of each"
    )
    decided_at: datetime | None = Field(None, description="when ops released or confirmed it")
    decision_reason: str | None = None
    created_at: datetime


class HeldDecision(StrictBody):
    reason: Reason | None = None


def _public(message: OrderMessage) -> MessagePublic:
    return MessagePublic.model_validate(message, from_attributes=True)


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
            col(OrderMessage.status) == MessageStatus.REFUSED,
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


async def _refused(
    session: AsyncSession, message: OrderMessage, who: tuple[Any, str | None], now: datetime,
    settings: Settings,
) -> None:  # fmt: skip
    """A refusal (by the screen, or by ops confirming a held message) counts against a creator:
    the second in the window records an off_platform_contact violation."""
    if message.sender_kind == PartyKind.CREATOR.value and await _repeat_offence(
        session, message.sender_id, now, settings
    ):
        await record_violation(
            session, message.sender_id, ViolationKind.OFF_PLATFORM_CONTACT, who, now, settings,
            order_id=message.order_id, evidence=message.text,
        )  # fmt: skip


async def _message_event(
    session: AsyncSession, message: OrderMessage, order: Order, now: datetime
) -> None:
    """message.held / .released / .confirmed: a held message's text is its sender's and ops'
    only; a released one is the other side's too."""
    kind = {
        MessageStatus.HELD: "message.held",
        MessageStatus.DELIVERED: "message.released",
        MessageStatus.REFUSED: "message.confirmed",
    }[message.status]
    audience = (
        (order.brand_id, order.creator_id)
        if message.status is MessageStatus.DELIVERED
        else (message.sender_id,)
    )
    data = _public(message).model_dump(mode="json")
    await emit(session, [NewEvent(kind, "message", message.id, data, audience)], now)


@router.post(
    "/{order_id}/messages",
    status_code=201,
    response_model=MessagePublic,
    openapi_extra=answers("off_platform_contact"),
    summary="Send a message to the other side of the order (screened; may be held for review)",
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
    verdict = judge(body.text, settings.screen_refuse_score, settings.screen_hold_score)
    status = {
        Outcome.CLEAN: MessageStatus.DELIVERED,
        Outcome.HELD: MessageStatus.HELD,
        Outcome.REFUSED: MessageStatus.REFUSED,
    }[verdict.outcome]
    message = OrderMessage(
        id=new_id("msg"),
        order_id=order.id,
        sender_kind=caller.kind.value,
        sender_id=caller.party_id,
        text=body.text,
        delivered=status is MessageStatus.DELIVERED,
        status=status,
        findings=[{"kind": f.kind, "match": f.match, "score": f.score} for f in verdict.findings],
        created_at=now,
    )
    session.add(message)
    await session.flush()
    if status is MessageStatus.HELD:
        await _message_event(session, message, order, now)
    if status is not MessageStatus.REFUSED:
        return _public(message)
    await _refused(session, message, (caller.actor, None), now, settings)
    kinds = ", ".join(sorted({f.kind.replace("_", " ") for f in verdict.findings}))
    return problem_response(
        422, "off_platform_contact", "Message refused",
        f"deal on the platform: the message carries {kinds}",
        found=message.findings, message_id=message.id,
    )  # fmt: skip


@router.get(
    "/{order_id}/messages",
    response_model=list[MessagePublic],
    openapi_extra=answers(),
    summary="The order's messages, oldest first (a sender also sees its held ones; ops all)",
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
        statement = statement.where(
            or_(
                col(OrderMessage.status) == MessageStatus.DELIVERED,
                and_(
                    col(OrderMessage.status) == MessageStatus.HELD,
                    col(OrderMessage.sender_id) == caller.party_id,
                ),
            )
        )
    if starting_after:
        statement = statement.where(col(OrderMessage.id) > starting_after)
    rows = await session.exec(statement.order_by(col(OrderMessage.id)).limit(limit))
    return [_public(m) for m in rows]


# --- ops: held messages -------------------------------------------------------------------------


@ops_router.get(
    "/held-messages",
    response_model=list[MessagePublic],
    openapi_extra=answers(),
    summary="Messages held by the screen, oldest first (ops); `status` shows decided ones too",
    name="list_held_messages",
)
async def held_messages(
    _: OpsCaller,
    session: Session,
    status: Annotated[MessageStatus, Query()] = MessageStatus.HELD,
    starting_after: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> list[MessagePublic]:
    statement = select(OrderMessage).where(col(OrderMessage.status) == status)
    if status is not MessageStatus.HELD:  # decided after a hold: they carry a decision
        statement = statement.where(col(OrderMessage.decided_at).is_not(None))
    if starting_after:
        statement = statement.where(col(OrderMessage.id) > starting_after)
    rows = await session.exec(statement.order_by(col(OrderMessage.id)).limit(limit))
    return [_public(m) for m in rows]


def _held_decision(trigger: str, to: MessageStatus, summary: str) -> None:
    @ops_router.post(
        f"/held-messages/{{message_id}}/{trigger}",
        response_model=MessagePublic,
        openapi_extra=answers("message_not_held", "version_conflict"),
        summary=summary,
        name=f"{trigger}_held_message",
    )
    async def decide(
        message_id: str,
        body: HeldDecision,
        caller: OpsCaller,
        session: Session,
        clock: ClockDep,
        settings: SettingsDep,
    ) -> MessagePublic:
        now = clock.now()
        message = await session.get(OrderMessage, message_id)
        if message is None:
            raise NotFound(f"no message '{message_id}'")
        if message.status is not MessageStatus.HELD:
            raise Conflict(f"message '{message_id}' is {message.status}", code="message_not_held")
        result = await session.exec(
            update(OrderMessage)
            .where(
                col(OrderMessage.id) == message.id,
                col(OrderMessage.version) == message.version,
                col(OrderMessage.status) == MessageStatus.HELD,
            )
            .values(
                status=to,
                delivered=to is MessageStatus.DELIVERED,
                version=message.version + 1,
                decided_by=caller.party_id,
                decided_at=now,
                decision_reason=body.reason,
            )
        )
        if result.rowcount != 1:
            raise VersionConflict(f"message '{message_id}' changed meanwhile")
        await session.refresh(message)
        order = await session.get(Order, message.order_id)
        assert order is not None  # a foreign key guarantees it
        await _message_event(session, message, order, now)
        if to is MessageStatus.REFUSED:
            await _refused(session, message, (caller.actor, caller.party_id), now, settings)
        return _public(message)


_held_decision("release", MessageStatus.DELIVERED, "Ops release a held message: delivered")
_held_decision(
    "confirm", MessageStatus.REFUSED, "Ops confirm a held message: refused, counted as a refusal"
)

"""Credit use cases: the score, violations and their appeals, suspensions of order rights."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import col, func, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from service.config import Settings
from service.credit.models import StandingEvent, Violation
from service.ids import new_id
from service.lookup import one_or_404
from service.parties.models import Party
from service.problems import Conflict, VersionConflict
from statemachine import Actor
from statemachine.credit import DEDUCTING, VIOLATIONS, ViolationKind, credit_year, score

Who = tuple[Actor, str | None]


def points_deducted(creator_id: Any, year: Any) -> Any:
    """The points deducted from the creator in a credit year (`credit_year(now)`), as a
    scalar subquery."""
    return (
        select(func.coalesce(func.sum(Violation.points), 0))
        .where(
            col(Violation.creator_id) == creator_id,
            col(Violation.year) == year,
            col(Violation.status).in_(DEDUCTING),
        )
        .scalar_subquery()
    )


async def credit_score(session: AsyncSession, creator_id: str, now: datetime) -> int:
    deducted = await session.exec(select(points_deducted(creator_id, credit_year(now))))
    return score([int(deducted.one())])


async def record_violation(
    session: AsyncSession,
    creator_id: str,
    kind: ViolationKind,
    who: Who,
    now: datetime,
    settings: Settings,
    *,
    order_id: str | None = None,
    evidence: str | None = None,
) -> Violation:
    violation = Violation(
        id=new_id("vio"),
        creator_id=creator_id,
        kind=kind,
        points=settings.violation_points[kind],
        year=credit_year(now),
        order_id=order_id,
        evidence=evidence,
        status=VIOLATIONS.states.ACTIVE,
        recorded_by_kind=who[0].value,
        recorded_by_id=who[1],
        created_at=now,
    )
    session.add(violation)
    await session.flush()
    return violation


async def violation_for(
    session: AsyncSession, violation_id: str, creator_id: str | None, *, lock: bool = False
) -> Violation:
    """The violation (a creator's own only, when `creator_id` is given); 404 otherwise."""
    own = () if creator_id is None else (col(Violation.creator_id) == creator_id,)
    return await one_or_404(
        session, Violation, violation_id, *own, prefix="vio", what="violation", lock=lock
    )


async def decide(
    session: AsyncSession, violation: Violation, trigger: str, who: Who, text: str, now: datetime
) -> Violation:
    """Appeal (the creator, once), uphold or revoke (ops); revoking gives the points back."""
    status = VIOLATIONS.advance(violation.status, trigger, who[0])
    fields: dict[str, object] = (
        {"appeal": text, "appealed_at": now}
        if trigger == "appeal"
        else {"decision_reason": text, "decided_by": who[1], "decided_at": now}
    )
    result = await session.exec(
        update(Violation)
        .where(col(Violation.id) == violation.id, col(Violation.version) == violation.version)
        .values(status=status, version=violation.version + 1, **fields)
    )
    if result.rowcount != 1:
        raise VersionConflict(f"violation '{violation.id}' changed meanwhile")
    await session.refresh(violation)
    return violation


async def violations_of(session: AsyncSession, creator_id: str) -> list[Violation]:
    rows = await session.exec(
        select(Violation)
        .where(col(Violation.creator_id) == creator_id)
        .order_by(col(Violation.id).desc())
    )
    return list(rows)


async def set_suspension(
    session: AsyncSession,
    creator: Party,
    suspended: bool,
    reason: str,
    who: Who,
    now: datetime,
    order_id: str | None = None,
) -> None:
    """Suspend order rights (fake traffic) or lift a suspension (ops, with a reason)."""
    if not suspended and not creator.order_rights_suspended:
        raise Conflict("the creator's order rights are not suspended", code="not_suspended")
    await session.exec(
        update(Party).where(col(Party.id) == creator.id).values(order_rights_suspended=suspended)
    )
    session.add(
        StandingEvent(
            creator_id=creator.id,
            action="suspend" if suspended else "lift",
            reason=reason,
            order_id=order_id,
            actor_kind=who[0].value,
            actor_id=who[1],
            at=now,
        )
    )
    await session.flush()
    await session.refresh(creator)

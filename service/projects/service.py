"""Project use cases: the money a project has committed, its budget, and changes to it.
Services flush; they never commit."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from service.deps import Caller
from service.lookup import one_or_404
from service.orders.models import Order
from service.parties.models import PartyKind
from service.problems import Conflict, Unprocessable
from service.projects.models import Project
from service.projects.schemas import ProjectPublic
from statemachine import State

ESCROWED = (State.REQUESTED, State.ACCEPTED, State.PUBLISHED, State.RETAINED)
BPS = 10_000


def _half_up(amount: Any, bps: Any) -> Any:
    return (amount * bps + BPS // 2) // BPS  # statemachine.pricing.half_up, in SQL


def paid_out_of() -> Any:
    """What left one order's escrow for the creator side and the platform, as a column
    expression (product.md §5, §10): nothing while it is held; the brand total once
    settled; after a dispute, the price less the share refunded, with its brand fee; after
    a cancellation, the compensation with its brand fee; else nothing (a refund). The fee is
    the rate the order was priced with, as its ledger charged it."""
    price, refund_bps = col(Order.price_fen), col(Order.refund_bps)
    brand_fee_bps = col(Order.brand_fee_bps)
    disputed = price - _half_up(price, refund_bps)
    compensation = col(Order.compensation_fen)
    return case(
        (col(Order.state).in_(ESCROWED), 0),
        (refund_bps.is_not(None), disputed + _half_up(disputed, brand_fee_bps)),
        (col(Order.state) == State.CLOSED, col(Order.brand_total_fen)),
        else_=compensation + _half_up(compensation, brand_fee_bps),
    )


def committed_of() -> Any:
    """The money one order commits to its project: held in escrow, or paid out."""
    return case(
        (col(Order.state).in_(ESCROWED), col(Order.brand_total_fen)),
        else_=paid_out_of(),
    )


async def committed(session: AsyncSession, project_ids: list[str]) -> dict[str, int]:
    """Per project, the money its orders commit (0 for a project without orders)."""
    if not project_ids:
        return {}
    statement: Any = (
        select(col(Order.project_id), func.coalesce(func.sum(committed_of()), 0))
        .where(col(Order.project_id).in_(project_ids))
        .group_by(col(Order.project_id))
    )
    connection = await session.connection()  # Core: the sums, no ORM entity
    rows = (await connection.execute(statement)).all()
    found = {project_id: int(total) for project_id, total in rows}
    return {project_id: found.get(project_id, 0) for project_id in project_ids}


def public(project: Project, committed_fen: int) -> ProjectPublic:
    budget = project.budget_fen
    return ProjectPublic(
        **project.model_dump(exclude={"budget_fen"}),
        budget_fen=budget,
        committed_fen=committed_fen,
        remaining_fen=None if budget is None else budget - committed_fen,
    )


async def project_for(
    session: AsyncSession, caller: Caller, project_id: str, *, lock: bool = False
) -> Project:
    """The project if the caller may see it (a brand its own, ops all); 404 otherwise."""
    own = () if caller.kind is PartyKind.OPS else (col(Project.brand_id) == caller.party_id,)
    return await one_or_404(
        session, Project, project_id, *own, prefix="prj", what="project", lock=lock
    )


async def reserve(session: AsyncSession, project_id: str, brand_id: str, amount_fen: int) -> None:
    """An order of `amount_fen` (its brand total) joins the project: refused when the project
    is archived or the amount would take it past its budget. The project's row stays locked
    until commit, so two orders cannot both take the last of a budget."""
    project = await one_or_404(
        session, Project, project_id, col(Project.brand_id) == brand_id,
        prefix="prj", what="project", lock=True,
    )  # fmt: skip
    if project.archived:
        raise Conflict(f"project '{project_id}' is archived", code="project_archived")
    if project.budget_fen is None:
        return
    spent = await committed(session, [project_id])
    remaining = project.budget_fen - spent[project_id]
    if amount_fen > remaining:
        raise Unprocessable(
            f"the order's brand total ({amount_fen} fen) exceeds what is left of the project's "
            f"budget ({remaining} fen)",
            code="project_budget_exceeded", remaining_fen=remaining, required_fen=amount_fen,
        )  # fmt: skip


def check_dates(starts: date | None, ends: date | None) -> None:
    if starts and ends and ends < starts:
        raise Unprocessable(
            f"ends_on ({ends}) is before starts_on ({starts})", code="project_dates_invalid"
        )


async def update(session: AsyncSession, project: Project, changes: dict[str, Any]) -> int:
    """Apply the changes to a locked project; returns its committed money. A budget below
    that, or dates out of order, are refused and nothing changes."""
    check_dates(
        changes.get("starts_on", project.starts_on), changes.get("ends_on", project.ends_on)
    )
    spent = (await committed(session, [project.id]))[project.id]
    budget = changes.get("budget_fen", project.budget_fen)
    if "budget_fen" in changes and budget is not None and budget < spent:
        raise Unprocessable(
            f"the budget ({budget} fen) is below what the project has committed ({spent} fen)",
            code="budget_below_committed", committed_fen=spent,
        )  # fmt: skip
    for name, value in changes.items():
        setattr(project, name, value)
    session.add(project)
    await session.flush()
    return spent

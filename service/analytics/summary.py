"""A project's summary (项目汇总): orders by state and stage, the money, the videos' metrics
in total, per creator and per order, and plays per day. Every figure is a sum over the
project's orders, read in a few set-wise statements (no per-order round trips): the orders
by state, and the video sums kept per creator and per day as the checks are recorded
(`videos.data`), so the video figures read one row per creator or day, not per snapshot."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col

from service.analytics.figures import FORMULAS, Counts, Derived, Formulas, derive
from service.orders.models import Order
from service.projects.models import Project
from service.projects.service import ESCROWED, paid_out_of
from service.videos.models import COUNTS, ProjectCreator, ProjectDay, VideoLatest
from statemachine import State
from statemachine.review import Stage

# What the orders are grouped by: their state, and an accepted order's stage.
GROUPING: tuple[Any, ...] = (col(Order.state), col(Order.stage))


def _sums() -> tuple[Any, ...]:
    """What each group of orders sums, besides its count: prices, brand totals, what left
    escrow for the creator side and the platform, and cancellation compensation."""
    return (
        func.sum(col(Order.price_fen)),
        func.sum(col(Order.brand_total_fen)),
        func.sum(paid_out_of()),
        func.sum(col(Order.compensation_fen)),
    )


class StateGroup(BaseModel):
    state: State
    stage: Stage | None = Field(None, description="where an accepted order is in its review")
    orders: int
    price_fen: int
    brand_total_fen: int
    paid_out_fen: int = Field(description="what left escrow for the creator side and platform")
    compensation_fen: int = Field(description="the price part paid on cancellations")


class SummaryMoney(BaseModel):
    budgeted_fen: int | None = Field(description="the project's budget; null: none")
    committed_fen: int = Field(description="in escrow + settled (what budgets count)")
    in_escrow_fen: int = Field(description="brand totals of orders not yet settled or refunded")
    settled_fen: int = Field(
        description="paid out of escrow to the creator side and the platform: closed orders, "
        "the settled part of disputes, cancellation compensation with its fee"
    )
    refunded_fen: int = Field(description="given back to the brand out of escrow")
    compensation_fen: int = Field(description="price paid to the creator side on cancellations")
    remaining_fen: int | None = Field(description="budgeted_fen - committed_fen")


class Figures(Counts, Derived):
    orders: int = Field(description="orders with a video that was checked")
    price_fen: int = Field(description="their prices: the price_fen of CPM and CPE")


class CreatorFigures(Figures):
    creator_id: str


class OrderFigures(Counts, Derived):
    order_id: str
    creator_id: str
    state: State
    price_fen: int
    video_url: str | None


class DayFigures(BaseModel):
    day: date = Field(description="a calendar day in Asia/Shanghai")
    plays: int = Field(description="plays gained that day, over the project's videos")
    engagements: int = Field(description="engagements gained that day")
    total_plays: int = Field(description="plays up to the end of that day")


class ProjectSummary(BaseModel):
    project_id: str
    name: str
    orders: int
    by_state: list[StateGroup]
    money: SummaryMoney
    metrics: Figures = Field(description="every video's latest counts, summed")
    formulas: Formulas
    per_creator: list[CreatorFigures] = Field(description="most plays first")
    per_order: list[OrderFigures] = Field(description="most plays first, up to `orders_limit`")
    per_order_complete: bool = Field(description="false when `per_order` was cut at the limit")
    plays_per_day: list[DayFigures]


def _top(project_id: str, limit: int) -> Any:
    """The project's videos with the most plays, from the index, with their orders' state
    and URL (read for those only)."""
    top = (
        select(VideoLatest)
        .where(col(VideoLatest.project_id) == project_id)
        .order_by(col(VideoLatest.plays).desc(), col(VideoLatest.order_id).desc())
        .limit(limit)
        .subquery()
    )
    return (
        select(top, col(Order.state), col(Order.video_url))
        .join(Order, col(Order.id) == top.c.order_id)
        .order_by(top.c.plays.desc(), top.c.order_id.desc())
    )


def _money(groups: list[StateGroup]) -> dict[str, int]:
    """The project's money from its groups of orders (`projects.service.committed_of` is the
    same rule for one order, in SQL): every brand total is in escrow, paid out or refunded."""
    held = sum(g.brand_total_fen for g in groups if g.state in ESCROWED)
    paid = sum(g.paid_out_fen for g in groups)
    ended = sum(g.brand_total_fen for g in groups if g.state not in ESCROWED)
    return {
        "committed_fen": held + paid,
        "in_escrow_fen": held,
        "settled_fen": paid,
        "refunded_fen": ended - paid,
        "compensation_fen": sum(g.compensation_fen for g in groups),
    }


def _figures(counts: Counts, orders: int, price_fen: int) -> dict[str, Any]:
    return {
        **counts.model_dump(),
        **derive(counts, price_fen).model_dump(),
        "orders": orders,
        "price_fen": price_fen,
    }


async def summarise(connection: AsyncConnection, project: Project, limit: int) -> ProjectSummary:
    pid = project.id
    groups = await connection.execute(
        select(*GROUPING, func.count(), *_sums())
        .where(col(Order.project_id) == pid)
        .group_by(*GROUPING)
    )
    by_state = []
    for row in groups:
        *keys, count, price, total, paid, compensated = row
        by_state.append(
            StateGroup(
                state=keys[0],
                stage=keys[1] if len(keys) > 1 else None,
                orders=count,
                price_fen=int(price),
                brand_total_fen=int(total),
                paid_out_fen=int(paid),
                compensation_fen=int(compensated),
            )
        )
    by_state.sort(key=lambda g: (list(State).index(g.state), g.stage or ""))
    spent = _money(by_state)
    budget = project.budget_fen

    creators = await connection.execute(
        select(ProjectCreator)
        .where(col(ProjectCreator.project_id) == pid)
        .order_by(col(ProjectCreator.plays).desc(), col(ProjectCreator.creator_id))
    )
    per_creator = [
        CreatorFigures(
            creator_id=row.creator_id,
            **_figures(
                Counts(**{name: getattr(row, name) for name in COUNTS}), row.videos, row.price_fen
            ),
        )
        for row in creators
    ]
    total = Counts(**{name: sum(getattr(c, name) for c in per_creator) for name in COUNTS})
    rows = list(await connection.execute(_top(pid, limit + 1)))
    per_order = [
        OrderFigures(
            order_id=row.order_id,
            creator_id=row.creator_id,
            state=row.state,
            price_fen=row.price_fen,
            video_url=row.video_url,
            **(counts := Counts(**{name: getattr(row, name) for name in COUNTS})).model_dump(),
            **derive(counts, row.price_fen).model_dump(),
        )
        for row in rows[:limit]
    ]
    return ProjectSummary(
        project_id=pid,
        name=project.name,
        orders=sum(g.orders for g in by_state),
        by_state=by_state,
        money=SummaryMoney(
            budgeted_fen=budget,
            remaining_fen=None if budget is None else budget - spent["committed_fen"],
            **spent,
        ),
        metrics=Figures(
            **_figures(
                total, sum(c.orders for c in per_creator), sum(c.price_fen for c in per_creator)
            )
        ),
        formulas=FORMULAS,
        per_creator=per_creator,
        per_order=per_order,
        per_order_complete=len(rows) <= limit,
        plays_per_day=await per_day(connection, pid),
    )


async def per_day(connection: AsyncConnection, project_id: str) -> list[DayFigures]:
    """What each day added over the project's videos (the gains each snapshot brought over
    the one before it, by the day it was seen); the days add up to the totals."""
    rows = await connection.execute(
        select(
            col(ProjectDay.day), col(ProjectDay.plays_gained), col(ProjectDay.engagements_gained)
        )
        .where(col(ProjectDay.project_id) == project_id)
        .order_by(col(ProjectDay.day))
    )
    days, running = [], 0
    for day, plays, engagements in rows:
        running += int(plays)
        days.append(
            DayFigures(day=day, plays=int(plays), engagements=int(engagements), total_plays=running)
        )
    return days

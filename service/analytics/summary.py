"""A project's summary (项目汇总): orders by state and stage, the money, the videos' metrics
in total, per creator and per order, and plays per day. Every figure is a sum over the
project's orders, read in a few set-wise statements (no per-order round trips)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col

from service.analytics.figures import FORMULAS, Counts, Derived, Formulas, derive
from service.orders.models import Order
from service.projects.models import Project
from service.projects.service import committed_of
from service.videos.models import VideoDay
from statemachine import State

COUNTS = ("plays", "likes", "comments", "shares")
ESCROWED = (State.REQUESTED, State.ACCEPTED, State.PUBLISHED, State.RETAINED)

# What the orders are grouped by. With drafts and review, add `col(Order.stage)` here.
GROUPING: tuple[Any, ...] = (col(Order.state),)


def _sum_when(condition: Any, amount: Any) -> Any:
    return func.coalesce(func.sum(case((condition, amount), else_=0)), 0)


# The project's money, each a sum over its orders. With cancellation compensation, add
# `"compensation_fen": func.sum(col(Order.compensation_fen))` (and take it from refunded).
MONEY: dict[str, Any] = {
    "committed_fen": func.coalesce(func.sum(committed_of()), 0),
    "in_escrow_fen": _sum_when(col(Order.state).in_(ESCROWED), col(Order.brand_total_fen)),
    "settled_fen": _sum_when(col(Order.state) == State.CLOSED, col(Order.brand_total_fen)),
    "refunded_fen": _sum_when(col(Order.state) == State.REFUNDED, col(Order.brand_total_fen)),
    "compensation_fen": literal(0),
}


class StateGroup(BaseModel):
    state: State
    stage: str | None = Field(None, description="where an accepted order is in its review")
    orders: int
    price_fen: int
    brand_total_fen: int


class SummaryMoney(BaseModel):
    budgeted_fen: int | None = Field(description="the project's budget; null: none")
    committed_fen: int = Field(description="held in escrow or paid out (budgets count this)")
    in_escrow_fen: int = Field(description="brand totals of orders not yet settled or refunded")
    settled_fen: int = Field(description="brand totals of closed orders: paid out")
    refunded_fen: int = Field(description="brand totals given back to the brand")
    compensation_fen: int = Field(description="paid to the creator side on cancellations")
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


def _latest(project_id: str) -> Any:
    """Each order's latest counts (the last day's last snapshot), with the order's columns."""
    ranked = (
        select(
            col(VideoDay.order_id),
            *(col(getattr(VideoDay, name)).label(name) for name in COUNTS),
            func.row_number()
            .over(partition_by=col(VideoDay.order_id), order_by=col(VideoDay.day).desc())
            .label("rank"),
        )
        .join(Order, col(Order.id) == col(VideoDay.order_id))
        .where(col(Order.project_id) == project_id)
        .subquery()
    )
    return (
        select(
            ranked.c.order_id,
            col(Order.creator_id),
            col(Order.state),
            col(Order.price_fen),
            col(Order.video_url),
            *(ranked.c[name] for name in COUNTS),
        )
        .join(Order, col(Order.id) == ranked.c.order_id)
        .where(ranked.c.rank == 1)
        .subquery()
    )


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
        select(
            *GROUPING,
            func.count(),
            func.sum(col(Order.price_fen)),
            func.sum(col(Order.brand_total_fen)),
        )
        .where(col(Order.project_id) == pid)
        .group_by(*GROUPING)
    )
    by_state = [
        StateGroup(
            state=row[0],
            stage=row[1] if len(GROUPING) > 1 else None,
            orders=row[-3],
            price_fen=row[-2],
            brand_total_fen=row[-1],
        )
        for row in groups
    ]
    by_state.sort(key=lambda g: (list(State).index(g.state), g.stage or ""))
    money = (
        await connection.execute(
            select(*(expression.label(name) for name, expression in MONEY.items())).where(
                col(Order.project_id) == pid
            )
        )
    ).one()
    spent = {name: int(value) for name, value in money._mapping.items()}
    budget = project.budget_fen

    latest = _latest(pid)
    sums = [func.coalesce(func.sum(latest.c[name]), 0) for name in COUNTS]
    creators = await connection.execute(
        select(latest.c.creator_id, func.count(), func.sum(latest.c.price_fen), *sums)
        .group_by(latest.c.creator_id)
        .order_by(func.sum(latest.c.plays).desc(), latest.c.creator_id)
    )
    per_creator = [
        CreatorFigures(
            creator_id=row[0],
            **_figures(Counts(**dict(zip(COUNTS, row[3:], strict=True))), row[1], row[2]),
        )
        for row in creators
    ]
    total = Counts(**{name: sum(getattr(c, name) for c in per_creator) for name in COUNTS})
    orders = await connection.execute(
        select(latest).order_by(latest.c.plays.desc(), latest.c.order_id).limit(limit + 1)
    )
    rows = list(orders)
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
    """What each day added: an order's last counts of a day less those of its previous day
    with a check, summed over the project's orders; the days add up to the totals."""
    engaged = col(VideoDay.likes) + col(VideoDay.comments) + col(VideoDay.shares)
    before: dict[str, Any] = {"partition_by": col(VideoDay.order_id), "order_by": col(VideoDay.day)}
    gains = (
        select(
            col(VideoDay.day).label("day"),
            (
                col(VideoDay.plays) - func.coalesce(func.lag(col(VideoDay.plays)).over(**before), 0)
            ).label("plays"),
            (engaged - func.coalesce(func.lag(engaged).over(**before), 0)).label("engagements"),
        )
        .join(Order, col(Order.id) == col(VideoDay.order_id))
        .where(col(Order.project_id) == project_id)
        .subquery()
    )
    rows = await connection.execute(
        select(gains.c.day, func.sum(gains.c.plays), func.sum(gains.c.engagements))
        .group_by(gains.c.day)
        .order_by(gains.c.day)
    )
    days, running = [], 0
    for day, plays, engagements in rows:
        running += int(plays)
        days.append(
            DayFigures(day=day, plays=int(plays), engagements=int(engagements), total_plays=running)
        )
    return days

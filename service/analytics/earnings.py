"""A creator's earnings by month, and an MCN's roster (product.md §8): read from the ledger
and the order rows, scoped like everything else."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from service.deps import Caller
from service.mcn.models import McnContract
from service.mcn.service import in_force
from service.money.models import Account, AccountKind, EntryKind, JournalEntry, JournalLine
from service.orders.models import Order
from service.parties.models import Party, PartyKind
from service.parties.service import get_party
from service.problems import NotFound
from statemachine import State
from statemachine.contracts import ContractState

MONTH_ZONE = ZoneInfo("Asia/Shanghai")
PENDING = (State.ACCEPTED, State.PUBLISHED, State.RETAINED)
# Where each kind of entry on a payee's available balance counts. With cancellation
# compensation, its entry kind joins "compensation".
COLUMN_OF: dict[EntryKind, str] = {
    EntryKind.ORDER_SETTLE: "settled_fen",
    EntryKind.FAKE_TRAFFIC_COMPENSATION: "compensation_fen",
    EntryKind.WITHDRAWAL_HOLD: "withdrawn_fen",
    EntryKind.WITHDRAWAL_RETURNED: "withdrawn_fen",
}


class MonthEarnings(BaseModel):
    month: str = Field(description="YYYY-MM, Asia/Shanghai", examples=["2026-03"])
    settled_fen: int = Field(description="paid out to the available balance by settlements")
    pending_fen: int = Field(
        description="payouts of orders created that month, held in escrow until settled"
    )
    withdrawn_fen: int = Field(description="taken out by withdrawals (net of failed ones)")
    compensation_fen: int = Field(description="compensation paid (negative) or received")
    other_fen: int = Field(description="reversals and other corrections")


class Earnings(BaseModel):
    creator_id: str
    months: list[MonthEarnings] = Field(description="oldest first")
    pending_fen: int = Field(description="every payout still held in escrow")


def _month(moment: datetime) -> str:
    return moment.astimezone(MONTH_ZONE).strftime("%Y-%m")


async def _rows(session: AsyncSession, statement: Any) -> list[Any]:
    connection = await session.connection()  # Core: the values, no ORM entity
    return list((await connection.execute(statement)).all())


async def creator_for(
    session: AsyncSession, caller: Caller, creator_id: str, now: datetime
) -> Party:
    """The creator if the caller is it, an MCN that has signed it now, or ops; else 404."""
    creator = await get_party(session, creator_id, PartyKind.CREATOR)
    if caller.kind is PartyKind.OPS or caller.party_id == creator.id:
        return creator
    if caller.kind is PartyKind.MCN:
        signed = select(col(McnContract.id)).where(
            col(McnContract.mcn_id) == caller.party_id, *in_force(creator.id, now)
        )
        if await _rows(session, signed):
            return creator
    raise NotFound(f"no creator '{creator_id}'")


async def earnings(session: AsyncSession, creator: Party) -> Earnings:
    months: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    moved = await _rows(
        session,
        select(col(JournalEntry.kind), col(JournalEntry.created_at), col(JournalLine.amount_fen))
        .join(JournalLine, col(JournalLine.entry_id) == col(JournalEntry.id))
        .join(Account, col(Account.id) == col(JournalLine.account_id))
        .where(
            col(Account.owner_id) == creator.id,
            col(Account.kind) == AccountKind.CREATOR_AVAILABLE,
        ),
    )
    for kind, at, amount in moved:
        column = COLUMN_OF.get(EntryKind(kind), "other_fen")
        months[_month(at)][column] += -amount if column == "withdrawn_fen" else amount
    held = await _rows(
        session,
        select(col(Order.created_at), col(Order.creator_payout_fen)).where(
            col(Order.creator_id) == creator.id, col(Order.state).in_(PENDING)
        ),
    )
    for at, payout in held:
        months[_month(at)]["pending_fen"] += payout
    fields = ("settled_fen", "pending_fen", "withdrawn_fen", "compensation_fen", "other_fen")
    return Earnings(
        creator_id=creator.id,
        months=[
            MonthEarnings(month=month, **{name: sums[name] for name in fields})
            for month, sums in sorted(months.items())
        ],
        pending_fen=sum(payout for _, payout in held),
    )


class RosterOrders(BaseModel):
    state: State
    orders: int
    mcn_share_fen: int = Field(description="the MCN's share of these orders")


class RosterCreator(BaseModel):
    creator_id: str
    name: str
    contract_id: str
    share_bps: int
    ends_at: datetime
    orders: list[RosterOrders] = Field(description="the orders the MCN takes a share of")
    share_earned_fen: int = Field(description="the MCN's share of settled (closed) orders")
    share_pending_fen: int = Field(description="its share of orders accepted, not yet settled")


class Roster(BaseModel):
    mcn_id: str
    creators: list[RosterCreator] = Field(description="creators signed now, by name")


async def roster(session: AsyncSession, mcn: Party, now: datetime) -> Roster:
    signed = await _rows(
        session,
        select(
            col(McnContract.creator_id),
            col(Party.name),
            col(McnContract.id),
            col(McnContract.share_bps),
            col(McnContract.ends_at),
        )
        .join(Party, col(Party.id) == col(McnContract.creator_id))
        .where(
            col(McnContract.mcn_id) == mcn.id,
            col(McnContract.state) == ContractState.ACTIVE,
            col(McnContract.ends_at) > now,
        )
        .order_by(col(Party.name), col(McnContract.creator_id)),
    )
    ids = [row[0] for row in signed]
    by_creator: dict[str, list[RosterOrders]] = defaultdict(list)
    for creator_id, state, count, share in await _rows(
        session,
        select(
            col(Order.creator_id),
            col(Order.state),
            func.count(),
            func.sum(col(Order.mcn_share_fen)),
        )
        .where(col(Order.mcn_id) == mcn.id, col(Order.creator_id).in_(ids))
        .group_by(col(Order.creator_id), col(Order.state)),
    ):
        by_creator[creator_id].append(
            RosterOrders(state=state, orders=count, mcn_share_fen=int(share))
        )
    creators = []
    for creator_id, name, contract_id, share_bps, ends_at in signed:
        groups = sorted(by_creator[creator_id], key=lambda g: list(State).index(g.state))
        creators.append(
            RosterCreator(
                creator_id=creator_id,
                name=name,
                contract_id=contract_id,
                share_bps=share_bps,
                ends_at=ends_at,
                orders=groups,
                share_earned_fen=sum(g.mcn_share_fen for g in groups if g.state is State.CLOSED),
                share_pending_fen=sum(g.mcn_share_fen for g in groups if g.state in PENDING),
            )
        )
    return Roster(mcn_id=mcn.id, creators=creators)

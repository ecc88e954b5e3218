"""Withdrawals (提现): request, then pay out through the payout provider after commit."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from service.clock import Clock
from service.config import Settings
from service.db import Database
from service.deps import Caller
from service.events.emit import NewEvent, emit
from service.ids import new_id
from service.lookup import one_or_404
from service.money import ledger
from service.money.ledger import Line, Posting
from service.money.models import PLATFORM, AccountKind, EntryKind, Withdrawal
from service.parties.models import Party, PartyKind
from service.ports.payments import PayoutProvider
from service.problems import Conflict, Unprocessable, VersionConflict
from statemachine.withdrawal import PayoutChannel, WithdrawalState, advance

SHANGHAI = ZoneInfo("Asia/Shanghai")
AVAILABLE = {
    PartyKind.CREATOR: AccountKind.CREATOR_AVAILABLE,
    PartyKind.MCN: AccountKind.MCN_AVAILABLE,
}


def expected_arrival(channel: PayoutChannel, now: datetime, settings: Settings) -> datetime:
    """Wallets within hours; banks by the end of the next business day (Mon–Fri, Shanghai
    time; public holidays are not modelled)."""
    if channel is not PayoutChannel.BANK:
        return now + timedelta(hours=settings.wallet_arrival_hours)
    day = now.astimezone(SHANGHAI).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(23, 59, 59), SHANGHAI).astimezone(now.tzinfo)


async def request(
    session: AsyncSession,
    caller: Caller,
    amount_fen: int,
    channel: PayoutChannel,
    destination: str,
    now: datetime,
    settings: Settings,
) -> Withdrawal:
    if amount_fen < settings.withdrawal_min_fen:
        raise Unprocessable(
            f"withdrawals start at {settings.withdrawal_min_fen} fen",
            code="amount_below_minimum",
            minimum_fen=settings.withdrawal_min_fen,
        )
    available = AVAILABLE[caller.kind], caller.party_id
    pending = AccountKind.WITHDRAWAL_PENDING, caller.party_id
    balances = await ledger.lock(session, {available, pending}, now)
    if balances[available] < 0:
        raise Conflict(
            "the balance is negative (a compensation is owed); nothing can be withdrawn",
            code="balance_negative",
        )
    withdrawal = Withdrawal(
        id=new_id("wd"),
        party_id=caller.party_id,
        amount_fen=amount_fen,
        channel=channel,
        destination=destination,
        state=WithdrawalState.REQUESTED,
        expected_arrival_by=expected_arrival(channel, now, settings),
        created_at=now,
        updated_at=now,
    )
    session.add(withdrawal)
    await session.flush()
    held = [Line(available, -amount_fen, covered=True), Line(pending, amount_fen)]
    hold = Posting(EntryKind.WITHDRAWAL_HOLD, held, withdrawal_id=withdrawal.id)
    await ledger.post(session, [hold], now, locked=True)
    await withdrawal_event(session, withdrawal, now)
    return withdrawal


async def withdrawal_for(
    session: AsyncSession, caller: Caller | None, withdrawal_id: str, *, lock: bool = False
) -> Withdrawal:
    """The withdrawal if the caller owns it (ops and the payout process see all); else 404."""
    own: tuple[Any, ...] = ()
    if caller is not None and caller.kind is not PartyKind.OPS:
        own = (col(Withdrawal.party_id) == caller.party_id,)
    return await one_or_404(
        session, Withdrawal, withdrawal_id, *own, prefix="wd", what="withdrawal", lock=lock
    )


async def _move(
    session: AsyncSession, withdrawal: Withdrawal, trigger: str, now: datetime, **fields: object
) -> None:
    target = advance(withdrawal.state, trigger)
    result = await session.exec(
        update(Withdrawal)
        .where(col(Withdrawal.id) == withdrawal.id, col(Withdrawal.version) == withdrawal.version)
        .values(state=target, version=withdrawal.version + 1, updated_at=now, **fields)
    )
    if result.rowcount != 1:
        raise VersionConflict(f"withdrawal '{withdrawal.id}' changed meanwhile")
    await session.refresh(withdrawal)
    await withdrawal_event(session, withdrawal, now)


async def withdrawal_event(session: AsyncSession, withdrawal: Withdrawal, now: datetime) -> None:
    data = withdrawal.model_dump(mode="json", exclude={"version"})
    kind = f"withdrawal.{withdrawal.state.value}"
    await emit(
        session, [NewEvent(kind, "withdrawal", withdrawal.id, data, (withdrawal.party_id,))], now
    )


async def _settle_payout(
    session: AsyncSession, withdrawal: Withdrawal, paid: bool, reference: str,
    failure_reason: str | None, now: datetime,
) -> None:  # fmt: skip
    party = await session.get(Party, withdrawal.party_id)
    assert party is not None  # a foreign key guarantees it
    pending = AccountKind.WITHDRAWAL_PENDING, withdrawal.party_id
    if paid:
        await _move(session, withdrawal, "confirm_paid", now, provider_reference=reference)
        to: ledger.AccountKey = AccountKind.EXTERNAL_OUT, PLATFORM
        entry_kind = EntryKind.WITHDRAWAL_PAID
    else:
        await _move(
            session, withdrawal, "fail", now,
            provider_reference=reference, failure_reason=failure_reason,
        )  # fmt: skip
        to = AVAILABLE[party.kind], party.id
        entry_kind = EntryKind.WITHDRAWAL_RETURNED
    lines = [Line(pending, -withdrawal.amount_fen), Line(to, withdrawal.amount_fen)]
    await ledger.post(session, [Posting(entry_kind, lines, withdrawal_id=withdrawal.id)], now)


async def process(
    database: Database, withdrawal_id: str, provider: PayoutProvider, clock: Clock
) -> None:
    """Pay one withdrawal: mark it processing (commit), ask the provider, record the answer
    (commit). Safe to repeat: the provider answers the same for the same withdrawal, and a
    withdrawal that has moved on is left alone."""
    async with database.session() as session:
        withdrawal = await withdrawal_for(session, None, withdrawal_id, lock=True)
        if withdrawal.state is WithdrawalState.REQUESTED:
            await _move(session, withdrawal, "submit", clock.now())
        if withdrawal.state is not WithdrawalState.PROCESSING:
            return
    payout = await provider.pay(
        withdrawal_id=withdrawal.id,
        channel=withdrawal.channel,
        destination=withdrawal.destination,
        amount_fen=withdrawal.amount_fen,
    )
    async with database.session() as session:
        withdrawal = await withdrawal_for(session, None, withdrawal_id, lock=True)
        if withdrawal.state is WithdrawalState.PROCESSING:
            await _settle_payout(
                session, withdrawal, payout.paid, payout.reference, payout.failure_reason,
                clock.now(),
            )  # fmt: skip


async def process_unfinished(database: Database, provider: PayoutProvider, clock: Clock) -> int:
    """Sweep withdrawals left requested or processing (say, by a crash); returns how many."""
    async with database.session() as session:
        unfinished = list(
            await session.exec(
                select(Withdrawal.id).where(
                    col(Withdrawal.state).in_(
                        [WithdrawalState.REQUESTED, WithdrawalState.PROCESSING]
                    )
                )
            )
        )
    for withdrawal_id in unfinished:
        await process(database, withdrawal_id, provider, clock)
    return len(unfinished)

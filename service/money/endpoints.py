"""REST endpoints of money."""

from __future__ import annotations

from typing import Annotated

from fastapi import BackgroundTasks, Query, Request

from service.deps import Caller, ClockDep, OpsCaller, Session, SettingsDep, require
from service.money import accounts, withdrawals
from service.money.check import check_ledger
from service.money.models import AccountKind
from service.money.schemas import (
    BalancePublic,
    DiscrepancyPublic,
    LedgerCheckPublic,
    LedgerLine,
    LedgerPage,
    ReversalCreate,
    ReversalPublic,
    TopUpCreate,
    TopUpPublic,
    WithdrawalCreate,
    WithdrawalPublic,
)
from service.parties.models import PartyKind
from service.problems import answers
from service.uow import Router

router = Router(prefix="/v1", tags=["money"])

BrandCaller = Annotated[Caller, require(PartyKind.BRAND)]
PayeeCaller = Annotated[Caller, require(PartyKind.CREATOR, PartyKind.MCN)]
WalletCaller = Annotated[Caller, require(PartyKind.BRAND, PartyKind.CREATOR, PartyKind.MCN)]


@router.post(
    "/top-ups",
    status_code=201,
    response_model=TopUpPublic,
    openapi_extra=answers("payment_declined"),
    summary="Add funds to the brand's balance through the payment provider",
)
async def create_top_up(
    body: TopUpCreate, caller: BrandCaller, session: Session, request: Request, clock: ClockDep
) -> TopUpPublic:
    record, available = await accounts.top_up(
        session, caller, body.amount_fen, request.app.state.payments, clock.now()
    )
    return TopUpPublic(**record.model_dump(), available_fen=available)


@router.get(
    "/balance",
    response_model=BalancePublic,
    openapi_extra=answers(),
    summary="The caller's balances",
)
async def get_balance(caller: WalletCaller, session: Session) -> BalancePublic:
    found = await accounts.balances(session, caller)
    available_kind = accounts.OWN_ACCOUNTS[caller.kind][0]
    return BalancePublic(
        party_id=caller.party_id,
        available_fen=found.get(available_kind, 0),
        escrow_fen=found.get(AccountKind.ORDER_ESCROW, 0),
        pending_withdrawal_fen=found.get(AccountKind.WITHDRAWAL_PENDING, 0),
    )


@router.get(
    "/ledger",
    response_model=LedgerPage,
    openapi_extra=answers("invalid_cursor"),
    summary="The caller's ledger lines, newest first",
    name="list_ledger_lines",
)
async def get_ledger(
    caller: WalletCaller,
    session: Session,
    starting_after: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> LedgerPage:
    rows, has_more = await accounts.ledger_page(session, caller, starting_after, limit)
    data = [
        LedgerLine(
            id=line.id or 0,
            entry_id=entry.id,
            entry_kind=entry.kind,
            account_kind=kind,
            amount_fen=line.amount_fen,
            order_id=entry.order_id,
            withdrawal_id=entry.withdrawal_id,
            top_up_id=entry.top_up_id,
            created_at=entry.created_at,
        )
        for line, entry, kind in rows
    ]
    cursor = str(data[-1].id) if has_more else None
    return LedgerPage(data=data, has_more=has_more, next_cursor=cursor)


@router.post(
    "/withdrawals",
    status_code=201,
    response_model=WithdrawalPublic,
    openapi_extra=answers("amount_below_minimum", "balance_negative", "insufficient_funds"),
    summary="Withdraw from the available balance (creators and MCNs)",
)
async def create_withdrawal(
    body: WithdrawalCreate,
    caller: PayeeCaller,
    session: Session,
    request: Request,
    settings: SettingsDep,
    clock: ClockDep,
    background: BackgroundTasks,
) -> WithdrawalPublic:
    withdrawal = await withdrawals.request(
        session, caller, body.amount_fen, body.channel, body.destination, clock.now(), settings
    )
    state = request.app.state
    background.add_task(withdrawals.process, state.db, withdrawal.id, state.payouts, state.clock)
    return WithdrawalPublic.model_validate(withdrawal, from_attributes=True)


@router.get(
    "/withdrawals/{withdrawal_id}",
    response_model=WithdrawalPublic,
    openapi_extra=answers(),
    summary="One of the caller's withdrawals",
)
async def get_withdrawal(
    withdrawal_id: str, caller: PayeeCaller, session: Session
) -> WithdrawalPublic:
    found = await withdrawals.withdrawal_for(session, caller, withdrawal_id)
    return WithdrawalPublic.model_validate(found, from_attributes=True)


@router.post(
    "/journal-entries/{entry_id}/reverse",
    status_code=201,
    response_model=ReversalPublic,
    openapi_extra=answers("not_reversible", "already_reversed", "insufficient_funds"),
    summary="Reverse a mistaken top-up with a mirror entry (ops)",
    name="reverse_journal_entry",
)
async def reverse_entry(
    entry_id: str, body: ReversalCreate, _: OpsCaller, session: Session, clock: ClockDep
) -> ReversalPublic:
    entry = await accounts.reverse(session, entry_id, body.reason, clock.now())
    return ReversalPublic(id=entry.id, reverses_id=entry_id)


@router.get(
    "/ops/ledger-check",
    response_model=LedgerCheckPublic,
    openapi_extra=answers(),
    summary="Re-derive every balance from the entries and verify the ledger's invariants",
    name="check_ledger",
)
async def ledger_check(_: OpsCaller, session: Session) -> LedgerCheckPublic:
    report = await check_ledger(session)
    return LedgerCheckPublic(
        clean=report.clean,
        accounts=report.accounts,
        entries=report.entries,
        discrepancies=[DiscrepancyPublic(**vars(d)) for d in report.discrepancies],
    )

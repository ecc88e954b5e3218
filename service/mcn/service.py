"""MCN contract use cases: invite, accept, decline, terminate; the contract in force."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import false, true
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from service.deps import Caller
from service.ids import new_id
from service.lookup import one_or_404
from service.mcn.models import McnContract
from service.parties.models import PartyKind
from service.problems import Conflict, Unprocessable, VersionConflict
from statemachine.contracts import CONTRACTS, ContractState, effective_state


async def contract_in_force(
    session: AsyncSession, creator_id: str, now: datetime
) -> McnContract | None:
    statement = select(McnContract).where(*in_force(creator_id, now))
    return (await session.exec(statement)).first()


def in_force(creator_id: Any, now: Any) -> tuple[Any, ...]:
    """The conditions of a contract in force for the creator at `now` (values, or
    parameters)."""
    return (
        col(McnContract.creator_id) == creator_id,
        col(McnContract.state) == ContractState.ACTIVE,
        col(McnContract.ends_at) > now,
    )


def visible_to(caller: Caller) -> object:
    """The contracts a caller may see: its own as MCN or creator; ops all; brands none."""
    if caller.kind is PartyKind.MCN:
        return col(McnContract.mcn_id) == caller.party_id
    if caller.kind is PartyKind.CREATOR:
        return col(McnContract.creator_id) == caller.party_id
    if caller.kind is PartyKind.OPS:
        return true()
    return false()


async def invite(
    session: AsyncSession,
    caller: Caller,
    creator_id: str,
    share_bps: int,
    ends_at: datetime,
    now: datetime,
) -> McnContract:
    if ends_at <= now:
        raise Unprocessable("a contract must end in the future", code="ends_at_in_past")
    contract = McnContract(
        id=new_id("con"),
        mcn_id=caller.party_id,
        creator_id=creator_id,
        share_bps=share_bps,
        ends_at=ends_at,
        state=ContractState.INVITED,
        created_at=now,
        updated_at=now,
    )
    session.add(contract)
    await session.flush()
    return contract


async def contract_for(
    session: AsyncSession, caller: Caller, contract_id: str, *, lock: bool = False
) -> McnContract:
    return await one_or_404(
        session, McnContract, contract_id, visible_to(caller), prefix="con", what="contract",
        lock=lock,
    )  # fmt: skip


async def list_contracts(session: AsyncSession, caller: Caller) -> list[McnContract]:
    statement = select(McnContract).where(visible_to(caller)).order_by(col(McnContract.id).desc())  # type: ignore[arg-type]
    return list(await session.exec(statement.limit(100)))


async def _expire_lapsed(session: AsyncSession, creator_id: str, now: datetime) -> None:
    """Write down what time already decided: active contracts past their end have expired."""
    await session.exec(
        update(McnContract)
        .where(
            col(McnContract.creator_id) == creator_id,
            col(McnContract.state) == ContractState.ACTIVE,
            col(McnContract.ends_at) <= now,
        )
        .values(state=ContractState.EXPIRED, ended_at=col(McnContract.ends_at), updated_at=now)
    )


async def fire(
    session: AsyncSession,
    contract: McnContract,
    trigger: str,
    caller: Caller,
    reason: str | None,
    now: datetime,
) -> McnContract:
    current = effective_state(contract.state, contract.ends_at, now)
    target = CONTRACTS.advance(current, trigger, caller.actor)
    fields: dict[str, object] = {"state": target, "updated_at": now}
    if target is ContractState.ACTIVE:
        await _expire_lapsed(session, contract.creator_id, now)
        if await contract_in_force(session, contract.creator_id, now) is not None:
            raise Conflict(
                "the creator already has an active MCN contract; it must end first",
                code="contract_conflict",
            )
        fields["accepted_at"] = now
    else:
        fields.update(ended_at=now, ended_by=caller.party_id, end_reason=reason)
    try:
        result = await session.exec(
            update(McnContract)
            .where(col(McnContract.id) == contract.id, col(McnContract.version) == contract.version)
            .values(version=contract.version + 1, **fields)
        )
    except IntegrityError:  # another contract became active at the same moment
        raise Conflict(
            "the creator already has an active MCN contract", code="contract_conflict"
        ) from None
    if result.rowcount != 1:
        raise VersionConflict(f"contract '{contract.id}' changed meanwhile")
    await session.refresh(contract)
    return contract

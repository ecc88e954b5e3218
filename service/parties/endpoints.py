"""REST endpoints of parties, keys, channels and admission."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request

from service.api import idempotency
from service.deps import CallerDep, ClockDep, OpsCaller, Session
from service.parties import service
from service.parties.models import Channel, Party, PartyKind
from service.parties.schemas import (
    ApiKeyIssued,
    ApiKeyPublic,
    ChannelCreate,
    ChannelPublic,
    ChannelUpdate,
    ChannelVerdict,
    CreatorPublic,
    Eligibility,
    PartyCreate,
    PartyPublic,
    RuleFailure,
)
from service.problems import NotFound, answers
from service.uow import Router
from statemachine import ChannelFacts

router = Router(prefix="/v1", tags=["parties"])
AUTH = (401, 403, 422)

KIND_PATHS = {"brands": PartyKind.BRAND, "creators": PartyKind.CREATOR, "mcns": PartyKind.MCN}


async def _party_public(session: Session, party: Party, now: datetime) -> PartyPublic:
    if party.kind is PartyKind.CREATOR:
        facts = await service.creator_facts(session, party, now)
        return CreatorPublic(
            **party.model_dump(),
            credit_score=facts.credit_score,
            under_mcn_contract=facts.under_mcn_contract,
        )
    return PartyPublic.model_validate(party, from_attributes=True)


def _party_routes(path: str, kind: PartyKind) -> None:
    @router.post(
        f"/{path}",
        status_code=201,
        response_model=CreatorPublic if kind is PartyKind.CREATOR else PartyPublic,
        openapi_extra=answers(),
        name=f"create_{kind.value}",
        summary=f"Create a {kind.value} (ops)",
    )
    async def create(
        body: PartyCreate, _: OpsCaller, session: Session, clock: ClockDep
    ) -> PartyPublic:
        party = await service.create_party(session, kind, body.name, clock.now())
        return await _party_public(session, party, clock.now())

    @router.get(
        f"/{path}/{{party_id}}",
        response_model=CreatorPublic if kind is PartyKind.CREATOR else PartyPublic,
        openapi_extra=answers(),
        name=f"get_{kind.value}",
        summary=f"Get a {kind.value} (ops, or the party itself)",
    )
    async def get(
        party_id: str, caller: CallerDep, session: Session, clock: ClockDep
    ) -> PartyPublic:
        if caller.kind is not PartyKind.OPS and caller.party_id != party_id:
            raise NotFound(f"no {kind.value} '{party_id}'")
        party = await service.get_party(session, party_id, kind)
        return await _party_public(session, party, clock.now())

    @router.post(
        f"/{path}/{{party_id}}/api-keys",
        status_code=201,
        response_model=ApiKeyIssued,
        openapi_extra=answers(),
        name=f"issue_{kind.value}_key",
        summary=f"Issue an API key for a {kind.value} (ops); the key is shown once",
    )
    async def issue(
        party_id: str, _: OpsCaller, session: Session, clock: ClockDep, request: Request
    ) -> ApiKeyIssued:
        party = await service.get_party(session, party_id, kind)
        key, secret = await service.issue_key(session, party, clock.now())
        idempotency.not_stored(request, "key")
        return ApiKeyIssued(
            id=key.id,
            party_id=party.id,
            key=secret,
            fingerprint=key.fingerprint,
            created_at=key.created_at,
        )


for _path, _kind in KIND_PATHS.items():
    _party_routes(_path, _kind)


@router.post(
    "/api-keys/{key_id}/revoke",
    response_model=ApiKeyPublic,
    openapi_extra=answers(),
    summary="Revoke an API key (ops); it stops working at once",
    name="revoke_api_key",
)
async def revoke_key(key_id: str, _: OpsCaller, session: Session, clock: ClockDep) -> ApiKeyPublic:
    key = await service.revoke_key(session, key_id, clock.now())
    return ApiKeyPublic.model_validate(key, from_attributes=True)


@router.post(
    "/creators/{creator_id}/channels",
    status_code=201,
    response_model=ChannelPublic,
    openapi_extra=answers("channel_taken"),
    tags=["channels"],
    summary="Register a creator's channel (ops or the platform adapter)",
)
async def add_channel(
    creator_id: str, body: ChannelCreate, _: OpsCaller, session: Session, clock: ClockDep
) -> Channel:
    creator = await service.get_party(session, creator_id, PartyKind.CREATOR)
    facts = ChannelFacts(body.platform, body.followers, body.in_good_standing)
    return await service.add_channel(session, creator, facts, body.handle, clock.now())


@router.get(
    "/creators/{creator_id}/channels",
    response_model=list[ChannelPublic],
    openapi_extra=answers(),
    tags=["channels"],
    summary="A creator's channels (anyone authenticated: brands choose from them)",
)
async def list_channels(creator_id: str, _: CallerDep, session: Session) -> list[Channel]:
    creator = await service.get_party(session, creator_id, PartyKind.CREATOR)
    return await service.list_channels(session, creator.id)


@router.patch(
    "/creators/{creator_id}/channels/{channel_id}",
    response_model=ChannelPublic,
    openapi_extra=answers(),
    tags=["channels"],
    summary="Update followers or standing (ops or the platform adapter)",
)
async def update_channel(
    creator_id: str,
    channel_id: str,
    body: ChannelUpdate,
    _: OpsCaller,
    session: Session,
    clock: ClockDep,
) -> Channel:
    channel = await service.get_channel(session, creator_id, channel_id)
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    return await service.update_channel(session, channel, changes, clock.now())


@router.get(
    "/creators/{creator_id}/eligibility",
    response_model=Eligibility,
    openapi_extra=answers(),
    tags=["admission"],
    summary="The admission verdict on every channel, listing each failed rule",
    name="get_eligibility",
)
async def eligibility(
    creator_id: str, caller: CallerDep, session: Session, clock: ClockDep
) -> Eligibility:
    if caller.kind is not PartyKind.OPS and caller.party_id != creator_id:
        raise NotFound(f"no creator '{creator_id}'")
    creator = await service.get_party(session, creator_id, PartyKind.CREATOR)
    verdicts = []
    for channel in await service.list_channels(session, creator.id):
        reasons = await service.admission(session, creator, channel, clock.now())
        verdicts.append(
            ChannelVerdict(
                channel_id=channel.id,
                platform=channel.platform,
                handle=channel.handle,
                eligible=not reasons,
                reasons=[RuleFailure(rule=r.rule, detail=r.detail) for r in reasons],
            )
        )
    return Eligibility(
        creator_id=creator.id, eligible=any(v.eligible for v in verdicts), channels=verdicts
    )

"""API shapes of parties, keys, channels and the admission verdict."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from service.parties.models import PartyKind
from service.schemas import Name, StrictBody, StrictBool, StrictInt
from statemachine import Platform

Handle = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.\-]+$")
Followers = Field(ge=0, le=10_000_000_000)


class PartyCreate(StrictBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "Acme Tea"}]})

    name: Name


class PartyPublic(BaseModel):
    id: str
    kind: PartyKind
    name: str
    created_at: datetime


class CreatorPublic(PartyPublic):
    credit_score: int
    order_rights_suspended: bool
    under_mcn_contract: bool


class ApiKeyIssued(BaseModel):
    id: str
    party_id: str
    key: str | None = Field(
        description=(
            "the secret; shown only in this response. A replay of it (`Idempotent-Replayed: "
            "true`) has `null`: the secret is not stored with the Idempotency-Key"
        )
    )
    fingerprint: str = Field(description="the first 12 hex digits of the key's SHA-256")
    created_at: datetime


class ApiKeyPublic(BaseModel):
    id: str
    party_id: str
    fingerprint: str = Field(description="the first 12 hex digits of the key's SHA-256")
    created_at: datetime
    revoked_at: datetime | None


class ChannelCreate(StrictBody):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"platform": "douyin", "handle": "lily", "followers": 180_000}]
        }
    )

    platform: Platform
    handle: str = Handle
    followers: StrictInt = Followers
    in_good_standing: StrictBool = True


class ChannelUpdate(StrictBody):
    followers: StrictInt | None = Field(None, ge=0, le=10_000_000_000)
    in_good_standing: StrictBool | None = None


class ChannelPublic(BaseModel):
    id: str
    creator_id: str
    platform: Platform
    handle: str
    followers: int
    in_good_standing: bool
    created_at: datetime
    updated_at: datetime


class RuleFailure(BaseModel):
    rule: str
    detail: str


class ChannelVerdict(BaseModel):
    channel_id: str
    platform: Platform
    handle: str
    eligible: bool
    reasons: list[RuleFailure]


class Eligibility(BaseModel):
    creator_id: str
    eligible: bool = Field(description="true when at least one channel may receive orders")
    channels: list[ChannelVerdict]

"""The figures derived from a video's counts (product.md §8), each with its formula, since
vendors disagree on them; undefined (None) where the divisor is 0. Pure."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Formulas(BaseModel):
    engagements: str = "likes + comments + shares"
    engagement_rate: str = "engagements / plays"
    cpm_fen: str = "price_fen × 1000 / plays"
    cpe_fen: str = "price_fen / engagements"


FORMULAS = Formulas()


class Counts(BaseModel):
    plays: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0


class Derived(BaseModel):
    engagements: int = Field(description="likes + comments + shares")
    engagement_rate: float | None = Field(description="engagements / plays; null at 0 plays")
    cpm_fen: float | None = Field(
        description="price_fen × 1000 / plays, fen per thousand plays; null at 0 plays"
    )
    cpe_fen: float | None = Field(
        description="price_fen / engagements, fen per engagement; null at 0 engagements"
    )


def engagements(counts: Counts) -> int:
    return counts.likes + counts.comments + counts.shares


def derive(counts: Counts, price_fen: int) -> Derived:
    """Rates to 6 decimals, fen to 2 (a cent of a fen is below anything anyone pays)."""
    engaged = engagements(counts)
    plays = counts.plays
    return Derived(
        engagements=engaged,
        engagement_rate=round(engaged / plays, 6) if plays else None,
        cpm_fen=round(price_fen * 1000 / plays, 2) if plays else None,
        cpe_fen=round(price_fen / engaged, 2) if engaged else None,
    )

"""API schemas of projects."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from service.schemas import Name, Page, StrictBody, StrictBool, StrictInt

BudgetFen = Annotated[StrictInt, Field(ge=0, le=10**14, description="fen")]


class ProjectCreate(StrictBody):
    name: Name
    budget_fen: BudgetFen | None = Field(
        None, description="orders whose brand totals would take the project past it are refused"
    )
    starts_on: date | None = None
    ends_on: date | None = None


class ProjectUpdate(StrictBody):
    """Only the fields sent change; `null` removes a budget or a date."""

    name: Name | None = None
    budget_fen: BudgetFen | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    archived: StrictBool | None = None

    @model_validator(mode="after")
    def _no_null_name_or_flag(self) -> ProjectUpdate:
        for name in ("name", "archived"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class ProjectPublic(BaseModel):
    id: str
    brand_id: str
    name: str
    budget_fen: int | None
    starts_on: date | None
    ends_on: date | None
    archived: bool
    committed_fen: int = Field(
        description="brand totals held in escrow or paid out for the project's orders"
    )
    remaining_fen: int | None = Field(description="budget_fen - committed_fen; null: no budget")
    created_at: datetime


class ProjectPage(Page[ProjectPublic]):
    pass

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ContractCreate")


@_attrs_define
class ContractCreate:
    """
    Attributes:
        creator_id (str):
        ends_at (datetime.datetime):
        share_bps (int): the MCN's share of the creator's net
    """

    creator_id: str
    ends_at: datetime.datetime
    share_bps: int

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        ends_at = self.ends_at.isoformat()

        share_bps = self.share_bps

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "creator_id": creator_id,
                "ends_at": ends_at,
                "share_bps": share_bps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        share_bps = d.pop("share_bps")

        contract_create = cls(
            creator_id=creator_id,
            ends_at=ends_at,
            share_bps=share_bps,
        )

        return contract_create

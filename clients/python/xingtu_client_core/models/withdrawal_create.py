from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.payout_channel import PayoutChannel

T = TypeVar("T", bound="WithdrawalCreate")


@_attrs_define
class WithdrawalCreate:
    """
    Attributes:
        amount_fen (int): integer fen
        channel (PayoutChannel):
        destination (str): bank card, Alipay or WeChat account id
    """

    amount_fen: int
    channel: PayoutChannel
    destination: str

    def to_dict(self) -> dict[str, Any]:
        amount_fen = self.amount_fen

        channel = self.channel.value

        destination = self.destination

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_fen": amount_fen,
                "channel": channel,
                "destination": destination,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_fen = d.pop("amount_fen")

        channel = PayoutChannel(d.pop("channel"))

        destination = d.pop("destination")

        withdrawal_create = cls(
            amount_fen=amount_fen,
            channel=channel,
            destination=destination,
        )

        return withdrawal_create

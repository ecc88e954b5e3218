from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.platform import Platform

if TYPE_CHECKING:
    from ..models.rule_failure import RuleFailure


T = TypeVar("T", bound="ChannelVerdict")


@_attrs_define
class ChannelVerdict:
    """
    Attributes:
        channel_id (str):
        eligible (bool):
        handle (str):
        platform (Platform):
        reasons (list[RuleFailure]):
    """

    channel_id: str
    eligible: bool
    handle: str
    platform: Platform
    reasons: list[RuleFailure]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channel_id = self.channel_id

        eligible = self.eligible

        handle = self.handle

        platform = self.platform.value

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channel_id": channel_id,
                "eligible": eligible,
                "handle": handle,
                "platform": platform,
                "reasons": reasons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_failure import RuleFailure  # noqa: PLC0415

        d = dict(src_dict)
        channel_id = d.pop("channel_id")

        eligible = d.pop("eligible")

        handle = d.pop("handle")

        platform = Platform(d.pop("platform"))

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = RuleFailure.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        channel_verdict = cls(
            channel_id=channel_id,
            eligible=eligible,
            handle=handle,
            platform=platform,
            reasons=reasons,
        )

        channel_verdict.additional_properties = d
        return channel_verdict

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

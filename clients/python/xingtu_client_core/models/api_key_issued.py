from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ApiKeyIssued")


@_attrs_define
class ApiKeyIssued:
    """
    Attributes:
        created_at (datetime.datetime):
        fingerprint (str): the first 12 hex digits of the key's SHA-256
        id (str):
        key (None | str): the secret; shown only in this response. A replay of it (`Idempotent-Replayed: true`) has
            `null`: the secret is not stored with the Idempotency-Key
        party_id (str):
    """

    created_at: datetime.datetime
    fingerprint: str
    id: str
    key: None | str
    party_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        fingerprint = self.fingerprint

        id = self.id

        key: None | str
        key = self.key

        party_id = self.party_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "fingerprint": fingerprint,
                "id": id,
                "key": key,
                "party_id": party_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        fingerprint = d.pop("fingerprint")

        id = d.pop("id")

        def _parse_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        key = _parse_key(d.pop("key"))

        party_id = d.pop("party_id")

        api_key_issued = cls(
            created_at=created_at,
            fingerprint=fingerprint,
            id=id,
            key=key,
            party_id=party_id,
        )

        api_key_issued.additional_properties = d
        return api_key_issued

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

from enum import StrEnum


class ContractState(StrEnum):
    ACTIVE = "active"
    DECLINED = "declined"
    EXPIRED = "expired"
    INVITED = "invited"
    TERMINATED = "terminated"

    def __str__(self) -> str:
        return str(self.value)

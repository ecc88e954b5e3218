from enum import StrEnum


class WithdrawalState(StrEnum):
    FAILED = "failed"
    PAID = "paid"
    PROCESSING = "processing"
    REQUESTED = "requested"

    def __str__(self) -> str:
        return str(self.value)

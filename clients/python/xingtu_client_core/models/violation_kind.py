from enum import StrEnum


class ViolationKind(StrEnum):
    EARLY_REMOVAL = "early_removal"
    FAKE_TRAFFIC = "fake_traffic"
    MISSED_DEADLINE = "missed_deadline"
    OFF_PLATFORM_CONTACT = "off_platform_contact"
    PLATFORM_ACCOUNT_VIOLATION = "platform_account_violation"
    PRIVATE_DEAL = "private_deal"

    def __str__(self) -> str:
        return str(self.value)

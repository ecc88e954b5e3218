from enum import StrEnum


class Trigger(StrEnum):
    ACCEPT = "accept"
    CANCEL = "cancel"
    CHANGE_RETENTION = "change_retention"
    COMPLETE_RETENTION = "complete_retention"
    CREATE = "create"
    DECLINE = "decline"
    EXPIRE = "expire"
    FLAG_FAKE_TRAFFIC = "flag_fake_traffic"
    MISS_DEADLINE = "miss_deadline"
    PUBLISH = "publish"
    REFUND = "refund"
    REPORT_REMOVED = "report_removed"
    SETTLE = "settle"

    def __str__(self) -> str:
        return str(self.value)

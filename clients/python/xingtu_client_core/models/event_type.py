from enum import StrEnum


class EventType(StrEnum):
    BALANCE_CHANGED = "balance.changed"
    MESSAGE_CONFIRMED = "message.confirmed"
    MESSAGE_HELD = "message.held"
    MESSAGE_RELEASED = "message.released"
    ORDER_ACCEPT = "order.accept"
    ORDER_CANCEL = "order.cancel"
    ORDER_CHANGE_RETENTION = "order.change_retention"
    ORDER_COMPLETE_RETENTION = "order.complete_retention"
    ORDER_CREATE = "order.create"
    ORDER_DECLINE = "order.decline"
    ORDER_EXPIRE = "order.expire"
    ORDER_FLAG_FAKE_TRAFFIC = "order.flag_fake_traffic"
    ORDER_MISS_DEADLINE = "order.miss_deadline"
    ORDER_PUBLISH = "order.publish"
    ORDER_REFUND = "order.refund"
    ORDER_REPORT_REMOVED = "order.report_removed"
    ORDER_SETTLE = "order.settle"
    PRIVATE_DEAL_CASE_CONFIRMED = "private_deal_case.confirmed"
    PRIVATE_DEAL_CASE_DISMISSED = "private_deal_case.dismissed"
    PRIVATE_DEAL_CASE_OPENED = "private_deal_case.opened"
    WITHDRAWAL_FAILED = "withdrawal.failed"
    WITHDRAWAL_PAID = "withdrawal.paid"
    WITHDRAWAL_PROCESSING = "withdrawal.processing"
    WITHDRAWAL_REQUESTED = "withdrawal.requested"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum


class EventType(StrEnum):
    BALANCE_CHANGED = "balance.changed"
    ORDER_ACCEPT = "order.accept"
    ORDER_ACCEPT_CANCELLATION = "order.accept_cancellation"
    ORDER_APPROVE_SCRIPT = "order.approve_script"
    ORDER_APPROVE_VIDEO = "order.approve_video"
    ORDER_AUTO_APPROVE = "order.auto_approve"
    ORDER_CANCEL = "order.cancel"
    ORDER_CHANGE_RETENTION = "order.change_retention"
    ORDER_COMPLETE_RETENTION = "order.complete_retention"
    ORDER_CREATE = "order.create"
    ORDER_DECLINE = "order.decline"
    ORDER_ESCALATE_REVIEW = "order.escalate_review"
    ORDER_EXPIRE = "order.expire"
    ORDER_FLAG_FAKE_TRAFFIC = "order.flag_fake_traffic"
    ORDER_MISS_DEADLINE = "order.miss_deadline"
    ORDER_OPEN_DISPUTE = "order.open_dispute"
    ORDER_PUBLISH = "order.publish"
    ORDER_REFUND = "order.refund"
    ORDER_REPORT_REMOVED = "order.report_removed"
    ORDER_REQUEST_SCRIPT_CHANGES = "order.request_script_changes"
    ORDER_REQUEST_VIDEO_CHANGES = "order.request_video_changes"
    ORDER_RESOLVE_DISPUTE = "order.resolve_dispute"
    ORDER_SETTLE = "order.settle"
    ORDER_SUBMIT_SCRIPT = "order.submit_script"
    ORDER_SUBMIT_VIDEO = "order.submit_video"
    ORDER_WITHDRAW_DISPUTE = "order.withdraw_dispute"
    WITHDRAWAL_FAILED = "withdrawal.failed"
    WITHDRAWAL_PAID = "withdrawal.paid"
    WITHDRAWAL_PROCESSING = "withdrawal.processing"
    WITHDRAWAL_REQUESTED = "withdrawal.requested"

    def __str__(self) -> str:
        return str(self.value)

"""What pages say: zh-CN by default, English on request; Asia/Shanghai times; ¥ money."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
LANGUAGES = ("zh-CN", "en")

# One entry per phrase: (zh-CN, en).
CATALOGUE: dict[str, tuple[str, str]] = {
    # Queue columns, by field name.
    "col_id": ("编号", "Id"),
    "col_order_id": ("订单号", "Order id"),
    "col_creator_id": ("达人", "Creator"),
    "col_party_id": ("账户主体", "Party"),
    "col_kind": ("违规类型", "Kind"),
    "col_points": ("扣分", "Points"),
    "col_appeal": ("申诉理由", "Appeal"),
    "col_appealed_at": ("申诉时间", "Appealed at"),
    "col_amount_fen": ("金额", "Amount"),
    "col_channel": ("提现渠道", "Channel"),
    "col_failure_reason": ("失败原因", "Failure reason"),
    "col_updated_at": ("更新时间", "Updated at"),
    "col_sender_kind": ("发送方", "Sender"),
    "col_text": ("内容", "Text"),
    "col_created_at": ("发送时间", "Sent at"),
    "col_video_url": ("视频链接", "Video link"),
    "col_opened_at": ("发现时间", "Opened at"),
    "console": ("星图订单控制台", "Order console"),
    "sign_in": ("登录", "Sign in"),
    "sign_out": ("退出登录", "Sign out"),
    "api_key": ("API 密钥", "API key"),
    "bad_key": ("密钥无效或已吊销", "The key is unknown or revoked"),
    "orders": ("订单", "Orders"),
    "order": ("订单", "Order"),
    "new_order": ("新建订单", "New order"),
    "search": ("搜索", "Search"),
    "order_id": ("订单号", "Order id"),
    "brand": ("品牌", "Brand"),
    "creator": ("达人", "Creator"),
    "channel": ("频道", "Channel"),
    "state": ("状态", "State"),
    "stage": ("阶段", "Stage"),
    "any": ("全部", "Any"),
    "due": ("下一计时", "Next timer"),
    "due_timer": ("计时器到期", "Due timer"),
    "any_timer": ("任一计时器（最先到期在前）", "Any timer (soonest first)"),
    "price": ("价格", "Price"),
    "terms": ("订单条款", "Terms"),
    "brief": ("需求简介", "Brief"),
    "retention_days": ("保留天数", "Retention days"),
    "publish_days": ("发布期限 (天)", "Days to publish"),
    "review": ("审核方式", "Review"),
    "line_items": ("费用明细", "Line items"),
    "brand_fee_fen": ("品牌服务费", "Brand fee"),
    "brand_total_fen": ("品牌应付合计", "Brand total"),
    "commission_fen": ("平台佣金", "Commission"),
    "mcn_share_fen": ("MCN 分成", "MCN share"),
    "creator_payout_fen": ("达人收入", "Creator payout"),
    "platform_revenue_fen": ("平台收入", "Platform revenue"),
    "price_fen": ("价格", "Price"),
    "timers": ("计时", "Timers"),
    "accept_deadline": ("接单截止", "Accept deadline"),
    "publish_deadline": ("发布截止", "Publish deadline"),
    "published_at": ("发布时间", "Published at"),
    "retention_ends_at": ("保留期结束", "Retention ends"),
    "settle_at": ("结算时间", "Settles at"),
    "review_due_at": ("审核截止", "Review due"),
    "history": ("历史记录", "History"),
    "ledger": ("账目", "Ledger entries"),
    "messages": ("消息", "Messages"),
    "send_message": ("发送消息", "Send message"),
    "message": ("消息内容", "Message"),
    "refused": ("已拒绝", "refused"),
    "held": ("待审核", "held"),
    "drafts": ("草稿", "Drafts"),
    "video": ("视频", "Video"),
    "actions": ("可执行操作", "Actions"),
    "no_actions": ("当前状态下没有可执行的操作", "No action is open in this state"),
    "reason": ("原因", "Reason"),
    "evidence": ("证据", "Evidence"),
    "feedback": ("修改意见", "Feedback"),
    "content": ("脚本内容或链接", "Script or link"),
    "draft_url": ("视频草稿链接", "Video draft link"),
    "video_url": ("视频链接", "Video link"),
    "video_status": ("视频状态", "Video status"),
    "refund_bps": ("退款比例 (万分比)", "Refund share (bps)"),
    "confirm": ("我确认执行此操作", "I confirm this action"),
    "unconfirmed": ("请先勾选确认, 操作未执行", "Tick the confirmation first: nothing was done"),
    "do": ("执行", "Do it"),
    "done": ("操作已完成", "Done"),
    "live": ("页面会在订单变化时自动更新", "This page updates when the order changes"),
    "compensation": ("取消补偿", "Compensation"),
    "compensation_note": (
        "取消后将支付给达人的补偿 (按进度)",
        "Paid to the creator side if you cancel now (by progress)",
    ),
    "check": ("检查资格", "Check admission"),
    "verdict": ("准入结果", "Admission verdict"),
    "eligible": ("可以下单", "May receive orders"),
    "not_eligible": ("不能下单", "May not receive orders"),
    "send_order": ("发送订单", "Send the order"),
    "inbox": ("待接订单", "Inbox"),
    "left": ("剩余", "left"),
    "expired": ("已过期", "expired"),
    "balance": ("余额", "Balance"),
    "withdrawals": ("提现", "Withdrawals"),
    "withdraw": ("申请提现", "Withdraw"),
    "amount_yuan": ("金额 (元)", "Amount (¥)"),
    "payout_channel": ("到账方式", "Paid to"),
    "credit": ("信用分", "Credit"),
    "violations": ("违规记录", "Violations"),
    "appeal": ("申诉", "Appeal"),
    "suspended": ("已暂停接单", "Order rights suspended"),
    "points": ("剩余分数", "Points left"),
    "lift": ("解除暂停", "Lift suspension"),
    "roster": ("签约达人", "Roster"),
    "contracts": ("合约", "Contracts"),
    "share": ("分成", "Share"),
    "ledger_check": ("账目核对", "Ledger check"),
    "clean": ("账目一致", "The ledger is clean"),
    "discrepancies": ("发现差异", "Discrepancies found"),
    "webhooks": ("Webhook 端点", "Webhook endpoints"),
    "creator_page": ("达人信息", "Creator"),
    "not_found": ("找不到该页面或对象", "Not found"),
    "forbidden": ("请求被拒绝", "Refused"),
    "csrf": ("表单已过期或来源不明, 请刷新页面后重试", "The form is stale or foreign; reload"),
    "error": ("操作失败", "The action failed"),
    "language": ("English", "中文"),
    "home": ("首页", "Home"),
    "none": ("无", "none"),
    "at": ("时间", "When"),
    "actor": ("操作人", "Who"),
    "trigger": ("操作", "What"),
    "kind": ("类型", "Kind"),
    "amount": ("金额", "Amount"),
    "account": ("账户", "Account"),
    "project": ("项目", "Project"),
    "status": ("状态", "Status"),
    "next": ("下一页", "Next page"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "enabled": ("启用", "enabled"),
    "failures": ("连续失败", "Failures in a row"),
    "skip": ("跳到正文", "Skip to content"),
    "audit": ("操作审计", "Audit log"),
    "appeals": ("申诉队列", "Appeals"),
    "failed_withdrawals": ("失败的提现", "Failed withdrawals"),
    "held_messages": ("待审消息", "Held messages"),
    "private_deal_cases": ("疑似私单", "Suspected private deals"),
    "open": ("打开", "Open"),
    "object": ("对象", "Object"),
    "changes": ("变更 (前 → 后)", "Changes (before → after)"),
    "video_checks": ("视频检查", "Video checks"),
    "plays_chart": ("播放量走势", "Plays over time"),
    "plays": ("播放", "Plays"),
    "likes": ("点赞", "Likes"),
    "comments": ("评论", "Comments"),
    "shares": ("分享", "Shares"),
    "projects": ("项目", "Projects"),
    "name": ("名称", "Name"),
    "budget": ("预算", "Budget"),
    "starts_on": ("开始日期", "Starts on"),
    "ends_on": ("结束日期", "Ends on"),
    "archived": ("已归档", "Archived"),
    "summary": ("项目汇总", "Summary"),
    "money": ("资金", "Money"),
    "budgeted_fen": ("预算", "Budgeted"),
    "committed_fen": ("已占用 (托管中 + 已支出)", "Committed (in escrow + paid out)"),
    "in_escrow_fen": ("托管中", "In escrow"),
    "settled_fen": ("已结算", "Settled"),
    "refunded_fen": ("已退回品牌", "Refunded to the brand"),
    "remaining_fen": ("预算剩余", "Remaining budget"),
    "compensation_fen": ("补偿", "Compensation"),
    "paid_out_fen": ("已支出", "Paid out"),
    "by_state": ("订单状态与阶段", "Orders by state and stage"),
    "order_count": ("订单数", "Orders"),
    "metrics": ("视频数据合计", "Video data in total"),
    "metric": ("指标", "Figure"),
    "value": ("数值", "Value"),
    "formula": ("公式", "Formula"),
    "engagements": ("互动量", "Engagements"),
    "engagement_rate": ("互动率 ER", "Engagement rate (ER)"),
    "cpm_fen": ("千次播放成本 CPM", "Cost per thousand plays (CPM)"),
    "cpe_fen": ("单次互动成本 CPE", "Cost per engagement (CPE)"),
    "checked_orders": ("有视频数据的订单", "Orders with checked videos"),
    "per_creator": ("按达人", "Per creator"),
    "top_orders": ("播放最多的订单", "Orders with the most plays"),
    "top_orders_cut": (
        "只列出播放最多的部分订单",
        "Only the orders with the most plays are listed",
    ),
    "plays_per_day": ("每日播放", "Plays per day"),
    "day": ("日期", "Day"),
    "total_plays": ("累计播放", "Plays to date"),
    "chart_alt": (
        "每日播放量与互动量图表, 数据见下方表格",
        "Chart of plays and engagements per day; the figures are in the table below",
    ),
    "downloads": ("导出 CSV", "CSV exports"),
    "orders_csv": ("订单及最新数据 (CSV)", "Orders with their latest figures (CSV)"),
    "metrics_csv": ("每次视频检查的数据 (CSV)", "Every video check (CSV)"),
    "earnings": ("收益", "Earnings"),
    "month": ("月份", "Month"),
    "pending_fen": ("托管中待结算", "Pending in escrow"),
    "withdrawn_fen": ("已提现", "Withdrawn"),
    "other_fen": ("其他调整", "Other corrections"),
    "pending_total": ("托管中待结算合计", "Pending in escrow, in total"),
    "earnings_note": (
        "按月份 (北京时间) 统计; 补偿为负数表示支付出去的补偿",
        "By month (Beijing time); negative compensation was paid out",
    ),
    "contract": ("合约", "Contract"),
    "contract_ends": ("合约到期", "Contract ends"),
    "share_earned_fen": ("已结算分成", "Share earned"),
    "share_pending_fen": ("待结算分成", "Share pending"),
    "total": ("合计", "Total"),
    "statement": ("账户流水", "Statement"),
    "available_fen": ("可用余额", "Available"),
    "escrow_fen": ("托管中", "In escrow"),
    "pending_withdrawal_fen": ("提现处理中", "Withdrawals on the way"),
    "entry_kind": ("类型", "Kind"),
    # Ledger entries and accounts, by the API's names for them.
    "top_up": ("充值", "Top-up"),
    "order_hold": ("订单托管", "Held for an order"),
    "order_refund": ("订单退款", "Order refunded"),
    "order_settle": ("订单结算", "Order settled"),
    "fake_traffic_compensation": ("刷量赔付", "Fake-traffic compensation"),
    "order_cancellation": ("订单取消 (补偿)", "Order cancelled (compensation)"),
    "dispute_settlement": ("售后裁决", "Dispute settled"),
    "withdrawal_hold": ("提现冻结", "Withdrawal requested"),
    "withdrawal_paid": ("提现到账", "Withdrawal paid"),
    "withdrawal_returned": ("提现退回", "Withdrawal returned"),
    "reversal": ("冲正", "Reversal"),
    "brand_available": ("品牌余额", "Brand balance"),
    "creator_available": ("达人余额", "Creator balance"),
    "mcn_available": ("MCN 余额", "MCN balance"),
    "order_escrow": ("订单托管账户", "Order escrow"),
    "withdrawal_pending": ("提现处理中", "Withdrawals on the way"),
    "filter": ("筛选", "Filter"),
    "release_message": ("放行消息", "Release the message"),
    "confirm_message": ("确认拒绝 (计入违规)", "Confirm: refuse it"),
    "dismiss_case": ("驳回 (不是私单)", "Dismiss: no private deal"),
    "confirm_case": ("确认私单 (记录违规)", "Confirm the private deal"),
    "reason_needed": ("请先填写原因, 操作未执行", "Give a reason first: nothing was done"),
}


def lang_of(cookie: str | None) -> str:
    return cookie if cookie in LANGUAGES else LANGUAGES[0]


def translate(lang: str, key: str) -> str:
    found = CATALOGUE.get(key)
    if found is None:
        return key
    return found[1] if lang == "en" else found[0]


def money(fen: int | float | None) -> str:
    """Fen as yuan with two decimals: 105000 → ¥1,050.00; negative amounts keep their sign;
    fractions of a fen (CPM, CPE) rounded to the fen."""
    if fen is None:
        return "—"
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(round(abs(fen)), 100)
    return f"{sign}¥{yuan:,}.{cents:02d}"


def ratio(value: float | None) -> str:
    """A rate as a percentage with two decimals: 0.034567 → 3.46%."""
    return "—" if value is None else f"{value * 100:.2f}%"


def number(value: int | None) -> str:
    """A count with thousands separators: 1234567 → 1,234,567."""
    return "—" if value is None else f"{value:,}"


def share(bps: int | None) -> str:
    """Basis points as a percentage: 2000 → 20.00%."""
    return "—" if bps is None else f"{bps / 100:.2f}%"


def when(value: str | datetime | None) -> str:
    """An instant as Beijing time, to the minute."""
    if not value:
        return "—"
    instant = datetime.fromisoformat(value) if isinstance(value, str) else value
    return instant.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")

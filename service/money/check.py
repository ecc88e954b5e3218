"""The ledger consistency check: re-derive every balance from the entries and verify the
invariants of product.md §5."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel.ext.asyncio.session import AsyncSession

from service.money.models import ESCROW_RELEASES

_RELEASES = ", ".join(f"'{kind.value}'" for kind in ESCROW_RELEASES)


@dataclass(frozen=True)
class Discrepancy:
    check: str
    subject: str
    detail: str


@dataclass
class Report:
    accounts: int = 0
    entries: int = 0
    discrepancies: list[Discrepancy] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.discrepancies


# (check name, SQL returning (subject, detail) rows, one row per violation)
CHECKS: tuple[tuple[str, str], ...] = (
    (
        "entry_balances",
        """SELECT entry_id, 'lines sum to ' || CAST(SUM(amount_fen) AS VARCHAR)
           FROM journal_lines GROUP BY entry_id HAVING SUM(amount_fen) <> 0""",
    ),
    (
        "cached_balance",
        """SELECT a.id, 'cached ' || CAST(a.balance_fen AS VARCHAR) || ' but lines sum to '
                  || CAST(COALESCE(SUM(l.amount_fen), 0) AS VARCHAR)
           FROM accounts a LEFT JOIN journal_lines l ON l.account_id = a.id
           GROUP BY a.id, a.balance_fen HAVING a.balance_fen <> COALESCE(SUM(l.amount_fen), 0)""",
    ),
    (
        "accounts_sum_to_zero",
        """SELECT 'all accounts', 'sum to ' || CAST(SUM(balance_fen) AS VARCHAR)
           FROM accounts HAVING SUM(balance_fen) <> 0""",
    ),
    (
        "no_negative_balance",
        """SELECT id, kind || ' is ' || CAST(balance_fen AS VARCHAR) FROM accounts
           WHERE balance_fen < 0
             AND kind IN ('brand_available', 'order_escrow', 'withdrawal_pending')""",
    ),
    (
        "final_order_escrow_empty",
        """SELECT o.id, o.state || ' with ' || CAST(a.balance_fen AS VARCHAR) || ' fen in escrow'
           FROM orders o JOIN accounts a ON a.kind = 'order_escrow' AND a.owner_id = o.id
           WHERE o.state IN ('closed', 'refunded') AND a.balance_fen <> 0""",
    ),
    (
        "open_order_escrow_full",
        """SELECT o.id, 'escrow ' || CAST(COALESCE(a.balance_fen, 0) AS VARCHAR)
                  || ' for a brand total of ' || CAST(o.brand_total_fen AS VARCHAR)
           FROM orders o LEFT JOIN accounts a ON a.kind = 'order_escrow' AND a.owner_id = o.id
           WHERE o.state NOT IN ('closed', 'refunded')
             AND COALESCE(a.balance_fen, 0) <> o.brand_total_fen""",
    ),
    (
        "escrow_released_once",
        f"""SELECT o.id, CAST(COUNT(e.id) AS VARCHAR) || ' releases for a ' || o.state || ' order'
           FROM orders o LEFT JOIN journal_entries e
             ON e.order_id = o.id AND e.kind IN ({_RELEASES})
           GROUP BY o.id, o.state
           HAVING COUNT(e.id) <> CASE WHEN o.state IN ('closed', 'refunded') THEN 1 ELSE 0 END
        """,
    ),
    (
        "pending_matches_withdrawals",
        """SELECT a.owner_id, 'pending ' || CAST(a.balance_fen AS VARCHAR)
                  || ' but open withdrawals total '
                  || CAST(COALESCE(SUM(w.amount_fen), 0) AS VARCHAR)
           FROM accounts a LEFT JOIN withdrawals w ON w.party_id = a.owner_id
                AND w.state IN ('requested', 'processing')
           WHERE a.kind = 'withdrawal_pending'
           GROUP BY a.owner_id, a.balance_fen
           HAVING a.balance_fen <> COALESCE(SUM(w.amount_fen), 0)""",
    ),
)


async def check_ledger(session: AsyncSession) -> Report:
    report = Report()
    connection = await session.connection()
    counts = (
        await connection.execute(
            text("SELECT (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM journal_entries)")
        )
    ).one()
    report.accounts, report.entries = int(counts[0]), int(counts[1])
    for name, sql in CHECKS:
        for subject, detail in await connection.execute(text(sql)):
            report.discrepancies.append(Discrepancy(name, str(subject), str(detail)))
    return report

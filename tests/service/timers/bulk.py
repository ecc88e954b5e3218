"""Thousands of due orders in a second or two: consistent rows written with set-based SQL
straight into PostgreSQL, bypassing the API (which would take minutes).

What `seed_due_orders` leaves behind is what the API would have left after a top-up and N
`create` calls whose accept deadline has since passed: one brand (its top-up, its available
account), one creator with a channel, and per order the line items, an escrow account holding
the brand total, the `order_hold` entry and the `create` history row. The ledger checks clean.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import psycopg

from service.ids import new_id
from statemachine.pricing import FeePolicy, line_items
from statemachine.terms import ACCEPT_WINDOW

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PAD = 20  # a tag of 6 characters + a zero-padded number of 20 = the 26 of an id


def psycopg_url(url: str) -> str:
    """The plain libpq URL of a SQLAlchemy one (`postgresql+psycopg://` → `postgresql://`)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def new_tag() -> str:
    """Six random Crockford characters: ids of one seeding are `prefix_TAG000…0i`."""
    return "".join(secrets.choice(CROCKFORD) for _ in range(26 - PAD))


def numbered_id(prefix: str, tag: str, number: int) -> str:
    return f"{prefix}_{tag}{number:0{PAD}d}"


def id_sql(prefix: str, tag: str, number: str = "i") -> str:
    """SQL for `numbered_id(prefix, tag, <number>)` (digits are Crockford characters too)."""
    return f"'{prefix}_{tag}' || lpad(({number})::text, {PAD}, '0')"


@dataclass(frozen=True)
class Seeded:
    tag: str
    count: int
    brand_id: str
    creator_id: str
    channel_id: str
    brand_account_id: str
    brand_total_fen: int
    top_up_fen: int

    @property
    def order_ids(self) -> list[str]:
        return [numbered_id("ord", self.tag, i) for i in range(1, self.count + 1)]


async def seed_parties(
    conn: psycopg.AsyncConnection, tag: str, now: datetime
) -> tuple[str, str, str]:
    """A brand, a creator and the creator's Douyin channel (250,000 followers)."""
    brand_id, creator_id, channel_id = new_id("br"), new_id("cr"), new_id("ch")
    await conn.execute(
        """INSERT INTO parties (id, kind, name, order_rights_suspended, created_at)
           VALUES (%s, 'brand', %s, false, %s), (%s, 'creator', %s, false, %s)""",
        (brand_id, f"Bulk brand {tag}", now, creator_id, f"Bulk creator {tag}", now),
    )
    await conn.execute(
        """INSERT INTO channels (id, creator_id, platform, handle, followers, in_good_standing,
                                 created_at, updated_at)
           VALUES (%s, %s, 'douyin', %s, 250000, true, %s, %s)""",
        (channel_id, creator_id, f"bulk_{tag.lower()}", now, now),
    )
    return brand_id, creator_id, channel_id


async def seed_due_orders(
    conn: psycopg.AsyncConnection,
    count: int,
    *,
    price_fen: int = 100_000,
    overdue: timedelta = timedelta(hours=1),
    spare_fen: int = 123_456,
) -> Seeded:
    """`count` orders of one brand in `requested` whose accept deadline passed `overdue` ago
    (due_at a millisecond apart, the oldest first), with all their money; commits."""
    items = line_items(price_fen, mcn_share_bps=0, policy=FeePolicy(500, 500))
    total = items.brand_total_fen
    top_up = total * count + spare_fen
    now = datetime.now(UTC)
    deadline = now - overdue - timedelta(milliseconds=count)
    created = deadline - ACCEPT_WINDOW
    tag = new_tag()
    brand_account = numbered_id("acc", tag, 0)  # sorts before the escrows, as if older
    top_up_entry = numbered_id("je", tag, 0)
    top_up_id = new_id("tu")
    order, escrow, entry = id_sql("ord", tag), id_sql("acc", tag), id_sql("je", tag)
    async with conn.transaction():
        brand_id, creator_id, channel_id = await seed_parties(conn, tag, created)

        # The top-up: external in → brand available; the holds below leave the spare.
        await conn.execute(
            """INSERT INTO accounts (id, kind, owner_id, balance_fen, created_at)
               VALUES (%s, 'external_in', 'platform', 0, %s)
               ON CONFLICT (kind, owner_id) DO NOTHING""",
            (new_id("acc"), created),
        )
        cursor = await conn.execute(
            """UPDATE accounts SET balance_fen = balance_fen - %s
               WHERE kind = 'external_in' AND owner_id = 'platform' RETURNING id""",
            (top_up,),
        )
        row = await cursor.fetchone()
        assert row is not None
        external_in = row[0]
        await conn.execute(
            """INSERT INTO accounts (id, kind, owner_id, balance_fen, created_at)
               VALUES (%s, 'brand_available', %s, %s, %s)""",
            (brand_account, brand_id, spare_fen, created),
        )
        await conn.execute(
            """INSERT INTO top_ups (id, brand_id, amount_fen, provider_reference, created_at)
               VALUES (%s, %s, %s, %s, %s)""",
            (top_up_id, brand_id, top_up, f"bulk-{tag}", created),
        )
        await conn.execute(
            """INSERT INTO journal_entries (id, kind, top_up_id, created_at)
               VALUES (%s, 'top_up', %s, %s)""",
            (top_up_entry, top_up_id, created),
        )
        await conn.execute(
            """INSERT INTO journal_lines (entry_id, account_id, amount_fen)
               VALUES (%s, %s, %s), (%s, %s, %s)""",
            (top_up_entry, external_in, -top_up, top_up_entry, brand_account, top_up),
        )

        # The orders, as `create` leaves them, their accept deadline now passed.
        await conn.execute(
            f"""INSERT INTO orders (
                   id, state, version, brand_id, creator_id, channel_id, retention_days,
                   publish_days, brief, price_fen, brand_fee_fen, brand_total_fen,
                   commission_fen, mcn_share_bps, mcn_share_fen, creator_payout_fen,
                   platform_revenue_fen, accept_deadline, due_at, due_trigger,
                   created_at, updated_at)
               SELECT {order}, 'requested', 1, %(brand)s, %(creator)s, %(channel)s, 30,
                      7, 'Bulk order ' || i, %(price)s, %(fee)s, %(total)s,
                      %(commission)s, 0, 0, %(payout)s,
                      %(revenue)s, d, d, 'expire', %(created)s, %(created)s
               FROM generate_series(1, %(count)s) AS i,
                    LATERAL (SELECT %(deadline)s + i * interval '1 millisecond' AS d) AS due""",
            {
                "brand": brand_id,
                "creator": creator_id,
                "channel": channel_id,
                "price": items.price_fen,
                "fee": items.brand_fee_fen,
                "total": total,
                "commission": items.commission_fen,
                "payout": items.creator_payout_fen,
                "revenue": items.platform_revenue_fen,
                "created": created,
                "deadline": deadline,
                "count": count,
            },
        )
        await conn.execute(
            f"""INSERT INTO order_history (order_id, trigger, from_state, to_state, actor_kind,
                                           actor_id, details, at)
                SELECT {order}, 'create', NULL, 'requested', 'brand', %s, '{{}}', %s
                FROM generate_series(1, %s) AS i""",
            (brand_id, created, count),
        )
        # Per order: an escrow holding the brand total, and the hold that filled it.
        await conn.execute(
            f"""INSERT INTO accounts (id, kind, owner_id, balance_fen, created_at)
                SELECT {escrow}, 'order_escrow', {order}, %s, %s
                FROM generate_series(1, %s) AS i""",
            (total, created, count),
        )
        await conn.execute(
            f"""INSERT INTO journal_entries (id, kind, order_id, created_at)
                SELECT {entry}, 'order_hold', {order}, %s FROM generate_series(1, %s) AS i""",
            (created, count),
        )
        await conn.execute(
            f"""INSERT INTO journal_lines (entry_id, account_id, amount_fen)
                SELECT {entry}, line.account_id, line.amount_fen
                FROM generate_series(1, %s) AS i,
                     LATERAL (VALUES (%s, -%s::bigint), ({escrow}, %s::bigint))
                         AS line (account_id, amount_fen)
                ORDER BY i""",
            (count, brand_account, total, total),
        )
    return Seeded(
        tag=tag,
        count=count,
        brand_id=brand_id,
        creator_id=creator_id,
        channel_id=channel_id,
        brand_account_id=brand_account,
        brand_total_fen=total,
        top_up_fen=top_up,
    )

"""The benchmarks' seeding: consistent orders, API keys that belong to each order's parties,
and brands taken in turn so that requests in flight together touch different accounts."""

from __future__ import annotations

import psycopg

from bench.seeding import database, ledger_clean, seed
from service.parties.keys import hash_key
from tests.service.timers.bulk import psycopg_url


def test_seeded_orders_take_the_brands_in_turn_with_keys_of_their_parties(
    postgres_url: str,  # decides whether PostgreSQL tests may skip (never in CI)
) -> None:
    with database("seeding") as url:
        slots = seed(url, 10, brands=4)
        with psycopg.connect(psycopg_url(url)) as conn:
            orders = conn.execute("SELECT id, state, brand_id, creator_id FROM orders").fetchall()
            owner = dict(conn.execute("SELECT key_hash, party_id FROM api_keys").fetchall())
        clean = ledger_clean(url)

    assert len(slots) == 10 and len({slot.order_id for slot in slots}) == 10
    assert len(orders) == 12 and {state for _, state, _, _ in orders} == {"requested"}
    parties = {order_id: (brand, creator) for order_id, _, brand, creator in orders}
    for slot in slots:
        assert (owner[hash_key(slot.brand_key)], owner[hash_key(slot.creator_key)]) == parties[
            slot.order_id
        ]
    brands = [parties[slot.order_id][0] for slot in slots]
    assert len(set(brands[:4])) == 4 and brands[4:8] == brands[:4]
    assert clean

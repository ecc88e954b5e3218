-- pgbench: the bare transaction of `POST /raw/orders/{id}/cancel` (bench/raw_app.py), with
-- the same statements. The orders come from bench_queue (the benchmark's seeded orders in
-- the order the HTTP runs walk them), one per transaction, through a sequence.
--   pgbench -n -M prepared -f bench/cancel.sql -c 8 -j 2 -T 10 DB
-- The bulk-seeded brand account's id sorts before every escrow's, so the two balance
-- updates below are in account id order, as the raw handler sorts them.
BEGIN;
SELECT o.id AS order_id, o.version AS version, o.brand_id AS brand_id,
       o.brand_total_fen AS total, escrow.id AS escrow_id, brand.id AS brand_account_id
FROM orders o
JOIN accounts escrow ON escrow.kind = 'order_escrow' AND escrow.owner_id = o.id
JOIN accounts brand ON brand.kind = 'brand_available' AND brand.owner_id = o.brand_id
WHERE o.id = (SELECT order_id FROM bench_queue WHERE n = (SELECT nextval('bench_queue_next')))
FOR UPDATE OF o \gset
UPDATE orders SET state = 'refunded', version = version + 1, accept_deadline = NULL,
                  due_at = NULL, due_trigger = NULL, updated_at = now()
WHERE id = :order_id AND version = :version AND state = 'requested';
INSERT INTO order_history (order_id, trigger, from_state, to_state, actor_kind, actor_id,
                           details, at)
VALUES (:order_id, 'cancel', 'requested', 'refunded', 'brand', :brand_id, '{}', now());
INSERT INTO journal_entries (id, kind, order_id, created_at)
VALUES ('je_c' || :order_id::text, 'order_refund', :order_id, now());
UPDATE accounts SET balance_fen = balance_fen + :total WHERE id = :brand_account_id;
UPDATE accounts SET balance_fen = balance_fen - :total
WHERE id = :escrow_id AND balance_fen - :total >= 0;
INSERT INTO journal_lines (entry_id, account_id, amount_fen)
VALUES ('je_c' || :order_id::text, :escrow_id, -:total::bigint),
       ('je_c' || :order_id::text, :brand_account_id, :total);
INSERT INTO events (event_id, type, object_type, object_id, data, previous, created_at)
VALUES ('evt_c' || :order_id::text, 'order.cancel', 'order', :order_id,
        jsonb_build_object('id', :order_id::text, 'state', 'refunded',
                           'version', :version::int + 1),
        '{}', now());
COMMIT;

"""Concurrency soak on PostgreSQL: 32 concurrent clients against two uvicorn API processes
while two `python -m service worker` processes fire the timers that ops make due by moving
the shared test clock. The clients fire every trigger (by the right and by wrong parties,
the same trigger twice at once, two parties at once on one order), top-ups, withdrawals,
messages and reads (`tests.reliability.load`). Afterwards, with every order driven to a
final state: the ledger checks clean, every order's escrow is empty, every history obeys
the transition table, every order, withdrawal and top-up moved its money exactly once, each
Idempotency-Key made one object, every trigger fired at least once, and no client ever saw
a 5xx, an answer the authorization rules forbid or a transport error, and no process logged
a deadlock or a failed worker pass.

Short form: 500 orders, then 30 s of load. `make soak`: 500 orders, then 10 minutes of
load, which creates thousands more (XT_SOAK_ORDERS, XT_SOAK_SECONDS, XT_SOAK_CLIENTS).
"""

from __future__ import annotations

from pathlib import Path

from tests.factories import OPS_KEY
from tests.reliability.budget import Budget
from tests.reliability.clients import Http, Outcomes
from tests.reliability.cluster import CLEAN, Cluster, verdict
from tests.reliability.load import Load


async def test_concurrency_soak(fresh_postgres_url: str, tmp_path: Path, limits: Budget) -> None:
    cluster = Cluster(fresh_postgres_url, tmp_path)
    out = Outcomes()
    await cluster.start()
    http = Http(cluster.urls, out)
    try:
        load = Load(http, OPS_KEY, seed=20261127, orders=limits.orders)
        await load.setup()
        await load.run(limits.clients, limits.load_seconds)
        still_open = await load.drain(cluster.open_orders)
        await cluster.idle()
        failures = await verdict(cluster, load, still_open)
        if out.transport_errors:
            failures.append(f"transport errors, yet nothing was killed: {out.transport_kinds}")
    finally:
        await http.close()
        codes = await cluster.stop()
    failures += [f"{name} exited with {code}" for name, code in codes.items() if code not in CLEAN]
    failures += [
        f"{process.name} did not stop cleanly"
        for process in cluster.workers
        if "worker stopped" not in process.output()
    ]
    print(f"soak: {out.summary()}\ntime by route: {out.timings()}")
    assert not failures, "\n".join(failures)

"""Crashes under load on PostgreSQL: while the soak's 32 clients run against two API
processes and two workers, kill -9 an API process and a worker, five times, and start them
again at once. Clients send a request again after a transport error, with the same
Idempotency-Key and body, to the other API process, as integrators are told to; ops' clock
advances are among them, so a sweep cut short is finished by the retry.

Afterwards the soak's checks hold (`cluster.verdict`: no 5xx, every order final with an
empty escrow, every history obeys the table, the ledger checks clean) and no money moved
twice: each order held once and released once, each withdrawal held once and paid out or
returned once, each top-up posted once, and each Idempotency-Key that answered made one
order, top-up or withdrawal, also when its first answer was lost with the process.

Short form: 500 orders, 5 crashes spread over 30 s of load (the load goes on until the last
restarted process has served for a while). `make soak`: 20 crashes over 5 minutes
(XT_CRASHES, XT_CRASH_SECONDS).
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from tests.factories import OPS_KEY
from tests.reliability.budget import Budget
from tests.reliability.clients import Http, Outcomes
from tests.reliability.cluster import CLEAN, Cluster, verdict
from tests.reliability.load import Load


async def chaos(cluster: Cluster, crashes: int, seconds: float) -> list[float]:
    """kill -9 an API process and a worker `crashes` times, at even intervals over `seconds`,
    and start them again at once; the API processes take turns, so that one always serves.
    Returns how long each killed API process took to answer again."""
    started, every = time.monotonic(), seconds / (crashes + 1)
    back_after = []
    for round_ in range(crashes):
        await asyncio.sleep(max(0.0, started + (round_ + 1) * every - time.monotonic()))
        api = cluster.apis[round_ % len(cluster.apis)]
        worker = cluster.workers[round_ % len(cluster.workers)]
        api.kill()
        worker.kill()
        killed = time.monotonic()
        worker.start()
        api.start()
        await api.ready()
        back_after.append(round(time.monotonic() - killed, 1))
    await asyncio.sleep(every)  # load on the restarted processes before the load ends
    return back_after


async def test_kill_9_under_load_loses_and_doubles_nothing(
    fresh_postgres_url: str, tmp_path: Path, limits: Budget
) -> None:
    cluster = Cluster(fresh_postgres_url, tmp_path)
    out = Outcomes()
    await cluster.start()
    http = Http(cluster.urls, out, give_up_after=60)
    try:
        load = Load(http, OPS_KEY, seed=9, orders=limits.orders)
        await load.setup()
        crashing = asyncio.create_task(chaos(cluster, limits.crashes, limits.crash_load_seconds))
        await load.run(limits.clients, limits.crash_load_seconds, until=crashing)
        back_after = await crashing
        still_open = await load.drain(cluster.open_orders)
        await cluster.idle()
        failures = await verdict(cluster, load, still_open)
    finally:
        await http.close()
        codes = await cluster.stop()
    failures += [f"{name} exited with {code}" for name, code in codes.items() if code not in CLEAN]
    kills = {p.name: p.kills for p in [*cluster.apis, *cluster.workers]}
    print(f"crash: {out.summary()}; kills {kills}; API back after {back_after} s")
    assert sum(p.kills for p in cluster.apis) == limits.crashes, kills
    assert sum(p.kills for p in cluster.workers) == limits.crashes, kills
    # The kills hit requests in flight, and the clients sent them again.
    assert out.transport_errors > 0 and out.retried > 0, out.summary()
    assert not failures, "\n".join(failures)

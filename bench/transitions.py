"""Benchmark 1, transitions over HTTP on PostgreSQL: `.venv/bin/python -m bench.transitions`.

Creates a throw-away database, seeds `requested` orders with bulk SQL (32 brands, each with
a creator and an API key for both, walked round robin), starts one uvicorn process of ours
and one of the raw baseline app, and drives them with wrk (one thread, 16 connections, a
Lua script that sends every request to an order of its own, with an Idempotency-Key of its
own):

- ours, `POST /v1/orders/{id}/accept` by the creator: auth, idempotency key, the machine
  (admission rules), compare-and-set, history, the `order.accept` event; no money;
- ours, `POST /v1/orders/{id}/cancel` by the brand: the same, and the refund (a journal
  entry with two lines, two balances, `balance.changed`);
- the raw handler, `POST /raw/orders/{id}/cancel` (bench/raw_app.py): the bare SQL of a
  cancel (lock, update, history, journal entry, two balances, two lines, outbox row,
  commit), same framework, no auth;
- pgbench running that same transaction (bench/cancel.sql), `-c 8 -j 2 -T 10`;
- ours, `POST /v1/orders` by the brand: auth, idempotency key, the creator, channel,
  standing and contract read, the machine's `create` (admission), line items, the order,
  its history row and event, the hold (brand to a new escrow, a journal entry, two lines,
  `balance.changed`), the stored response;
- the raw create, `POST /raw/orders`: the bare SQL of a create that holds the same money.

The three HTTP runs take turns (`--rounds`), so that the load of the machine at one moment
favours none of them. Targets: ours at least 1.0x the raw handler; creation at least 1.0x
our own accept rate. Ours as a fraction of pgbench, and creation against the raw create,
are reported. The ledger must check clean afterwards.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from bench.load import Wrk, check_tools, run_pgbench, run_wrk
from bench.profiles import profiled
from bench.report import Row, log, table, timed, verdict
from bench.seeding import BRANDS, Line, Slot, database, ledger_clean, request_file, seed, workspace
from bench.servers import Server, our_server, raw_server
from bench.statements import Call, count_statements
from service.ids import new_id
from tests.service.timers.bulk import psycopg_url

TARGET = 1.0  # ours / the raw handler, one process each
CREATE_TARGET = 1.0  # our creations / our accepts
CREATE_FUNDS_FEN = 1_000_000_000  # each seeded brand's spare money: ¥10 million
COUNTED = 6  # requests whose statements are listed (the first 3 warm up)
SCRIPT = Path(__file__).resolve().with_name("cancel.sql")


@dataclass
class Runs:
    """One HTTP target, measured in turns: what it sends and what it got."""

    name: str
    method: str
    path: str  # with {id}
    key: str  # "brand" or "creator"
    creates: bool = False  # a body ordering a video from the slot's creator
    results: list[Wrk] = field(default_factory=list)

    def line(self, slot: Slot) -> Line:
        key = slot.brand_key if self.key == "brand" else slot.creator_key
        if not self.creates:
            return self.path.format(id=slot.order_id), key, ""
        terms = {"creator_id": slot.creator_id, "channel_id": slot.channel_id,
                 "price_fen": 100_000, "brief": "30-second unboxing of our spring tea"}  # fmt: skip
        return self.path, key, "", json.dumps(terms, separators=(",", ":"))

    @property
    def rate(self) -> float:
        return sum(r.requests for r in self.results) / sum(r.seconds for r in self.results)

    @property
    def requests(self) -> int:
        return sum(r.requests for r in self.results)

    def latency(self) -> str:
        worst = max(self.results, key=lambda r: r.p99_ms)
        return f"{worst.p50_ms:,.0f} / {worst.p99_ms:,.0f}"

    def cpu(self) -> str:
        server = sum(r.server_cpu for r in self.results) / len(self.results)
        wrk = sum(r.wrk_cpu for r in self.results) / len(self.results)
        return f"server {server:.0%} of a core, wrk {wrk:.0%}"


def _take(slots: Iterator[Slot], count: int) -> list[Slot]:
    taken = [slot for _, slot in zip(range(count), slots, strict=False)]
    assert len(taken) == count, "not enough orders seeded"
    return taken


def _states(url: str) -> dict[str, int]:
    with psycopg.connect(psycopg_url(url)) as conn:
        rows = conn.execute("SELECT state, count(*) FROM orders GROUP BY state").fetchall()
    return {str(state): int(n) for state, n in rows}


def measure(url: str, folder: Path, args: argparse.Namespace) -> list[Row]:
    accept = Runs("ours-accept", "POST", "/v1/orders/{id}/accept", "creator")
    cancel = Runs("ours-cancel", "POST", "/v1/orders/{id}/cancel", "brand")
    raw = Runs("raw-cancel", "POST", "/raw/orders/{id}/cancel", "brand")
    create = Runs("ours-create", "POST", "/v1/orders", "brand", creates=True)
    raw_create = Runs("raw-create", "POST", "/raw/orders", "brand", creates=True)
    everything = (accept, cancel, raw, create, raw_create)
    slack = args.connections
    per_round = {
        accept.name: args.ours_cap, cancel.name: args.ours_cap, raw.name: args.raw_cap,
        create.name: args.ours_cap, raw_create.name: args.raw_cap,
    }  # fmt: skip
    transitions = (accept, cancel, raw)
    total = (
        len(transitions) * (args.warm_up + slack)
        + args.rounds * sum(per_round[r.name] + slack for r in transitions)
        + args.pgbench_cap
    )
    seeded = seed(url, total + 3 * COUNTED, spare_fen=CREATE_FUNDS_FEN)
    slots = iter(seeded)
    # Creations order from the seeded creators, their brands taken in turn as for the
    # transitions; they use no seeded order.
    creators = itertools.cycle(seeded[: 4 * BRANDS])

    def source(runs: Runs) -> Iterator[Slot]:
        return creators if runs.creates else slots

    def calls(runs: Runs) -> list[Call]:
        found: list[Call] = []
        for slot in _take(source(runs), COUNTED):
            path, key, _, *body = runs.line(slot)
            headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": new_id("idk")}
            found.append(Call("POST", path, headers, *body))
        return found

    accepts = count_statements(url, calls(accept), calls(raw))
    cancels = count_statements(url, calls(cancel), [])
    creates = count_statements(url, calls(create), calls(raw_create))

    def run(runs: Runs, server: Server, count: int, seconds: float, tag: str) -> Wrk:
        lines = [runs.line(s) for s in _take(source(runs), count + slack)]
        requests = request_file(folder, f"{runs.name}-{tag}", lines)
        return run_wrk(
            f"{runs.name} {tag}", server, requests, method=runs.method, seconds=seconds,
            connections=args.connections,
        )  # fmt: skip

    with our_server(url, folder) as ours, raw_server(url, folder) as bare:
        servers = {r.name: bare if r.name.startswith("raw") else ours for r in everything}
        for runs in everything:  # connections, caches, prepared statements
            run(runs, servers[runs.name], args.warm_up, 60, "warm-up")
        for turn in range(args.rounds):
            for runs in everything:
                server = servers[runs.name]
                profile = args.profile if turn == 0 and server is ours else None
                with profiled(server, profile, runs.name):
                    result = run(runs, server, per_round[runs.name], args.seconds, f"{turn + 1}")
                runs.results.append(result)
                if result.requests >= per_round[runs.name] - slack:
                    log(f"{runs.name}: the run used up its {per_round[runs.name]:,} orders")

    # pgbench: the remaining orders, in the order the HTTP runs would have taken them.
    queue = [(n, s.order_id) for n, s in enumerate(_take(slots, args.pgbench_cap), 1)]
    with psycopg.connect(psycopg_url(url)) as conn:
        conn.execute("CREATE TABLE bench_queue (n bigint PRIMARY KEY, order_id text NOT NULL)")
        conn.execute("CREATE SEQUENCE bench_queue_next")
        with conn.cursor().copy("COPY bench_queue (n, order_id) FROM STDIN") as copy:
            for row in queue:
                copy.write_row(row)
        conn.execute("ANALYZE bench_queue")
    pgbench = run_pgbench(url, SCRIPT, seconds=args.pgbench_seconds)

    states = _states(url)
    log(f"orders by state afterwards: {states}")
    assert states.get("accepted", 0) >= accept.requests + args.warm_up
    assert ledger_clean(url), "the ledger does not check clean after the runs"

    target = f">= {TARGET:.1f}x raw"
    rows = []
    for ours_runs, what, counts in ((accept, "accept", accepts), (cancel, "cancel", cancels)):
        ratio = ours_runs.rate / raw.rate
        rows += [
            Row(
                f"{what}, ours (transitions/s)",
                f"{ours_runs.rate:,.0f}",
                f"{raw.rate:,.0f} raw handler",
                f"{ratio:.2f}",
                target,
                verdict(ratio >= TARGET),
            ),
            Row(
                "  ours as a fraction of pgbench",
                f"{ours_runs.rate:,.0f}",
                f"{pgbench.tps:,.0f} pgbench",
                f"{ours_runs.rate / pgbench.tps:.3f}",
            ),
            Row(
                "  p50 / p99 latency, worst round (ms)",
                ours_runs.latency(),
                f"{raw.latency()} raw",
            ),
            Row(
                "  statements sent per request (with BEGIN, COMMIT)",
                f"{counts.mean_ours:.1f}",
                f"{accepts.mean_raw:.1f} raw",
                f"{counts.mean_ours / accepts.mean_raw:.2f}",
            ),
        ]
    rows.append(
        Row(
            "raw handler, cancel (transitions/s)",
            f"{raw.rate:,.0f}",
            f"{pgbench.tps:,.0f} pgbench",
            f"{raw.rate / pgbench.tps:.2f}",
        )
    )
    versus_accept = create.rate / accept.rate
    rows += [
        Row(
            "create, ours (orders/s)",
            f"{create.rate:,.0f}",
            f"{accept.rate:,.0f} ours-accept",
            f"{versus_accept:.2f}",
            f">= {CREATE_TARGET:.1f}x our accept",
            verdict(versus_accept >= CREATE_TARGET),
        ),
        Row(
            "  against the raw create",
            f"{create.rate:,.0f}",
            f"{raw_create.rate:,.0f} raw create",
            f"{create.rate / raw_create.rate:.2f}",
        ),
        Row(
            "  p50 / p99 latency, worst round (ms)", create.latency(), f"{raw_create.latency()} raw"
        ),
        Row(
            "  statements sent per request (with BEGIN, COMMIT)",
            f"{creates.mean_ours:.1f}",
            f"{creates.mean_raw:.1f} raw",
            f"{creates.mean_ours / creates.mean_raw:.2f}",
        ),
    ]
    print(
        f"\nTransitions: 1 uvicorn process each, wrk -t1 -c{args.connections}, "
        f"{args.rounds} rounds of {args.seconds:.0f} s in turns after {args.warm_up} warm-up "
        f"requests each; pgbench -c 8 -j 2 -T {args.pgbench_seconds} -M prepared"
    )
    print(table(rows))
    for runs in everything:
        print(f"  {runs.name}: {runs.requests:,} requests; {runs.cpu()}")
    for listing in (
        accepts.listing("accept of ours"),
        cancels.listing("cancel of ours"),
        accepts.listing("cancel of the raw handler", raw=True),
        creates.listing("create of ours"),
        creates.listing("create of the raw handler", raw=True),
    ):
        print(f"\n{listing}")
    return rows


def parser() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(prog="python -m bench.transitions", description=__doc__)
    options.add_argument("--seconds", type=float, default=10.0, help="per run (per round)")
    options.add_argument("--rounds", type=int, default=2, help="turns of the three runs")
    options.add_argument("--connections", type=int, default=16, help="wrk connections")
    options.add_argument("--warm-up", type=int, default=200, help="untimed requests each")
    options.add_argument(
        "--ours-cap", type=int, default=4_000, help="orders seeded per run of ours (a bound)"
    )
    options.add_argument(
        "--raw-cap", type=int, default=12_000, help="orders seeded per raw run (a bound)"
    )
    options.add_argument("--pgbench-cap", type=int, default=100_000, help="orders for pgbench")
    options.add_argument("--pgbench-seconds", type=int, default=10)
    options.add_argument("--profile", type=Path, help="py-spy profiles of ours into this folder")
    return options


def main(argv: list[str] | None = None) -> list[Row]:
    args = parser().parse_args(argv)
    check_tools("wrk", "pgbench")

    def run() -> list[Row]:
        with database("transitions") as url, workspace() as folder:
            return measure(url, folder, args)

    return timed("transitions", run)


if __name__ == "__main__":
    main()

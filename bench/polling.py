"""Benchmark 2, polling over HTTP on PostgreSQL: `.venv/bin/python -m bench.polling`.

Creates a throw-away database, seeds `requested` orders (32 brands, each with a creator and
an API key for both), starts one uvicorn process of ours and one of the raw baseline app,
and drives them with wrk (one thread, 16 connections, `walk.lua` walking the orders round and
round, the brand's and the creator's key in turn):

- ours, conditional `GET /v1/orders/{id}` with `If-None-Match: "v1"` (the current ETag):
  304, against `GET /const/orders/{id}` of the raw app, which returns a constant (the same
  headers are sent). Target: at least 0.8x;
- ours, full `GET /v1/orders/{id}`: 200 with the order, against `GET /raw/orders/{id}` of the
  raw app (select the row, return it as JSON). Target: at least 1.0x;
- ours, 500 long polls (`Prefer: wait=30`) parked on one order, then one transition on it:
  the last poll answered within 0.5 s of it (`bench.long_polls`).

The four runs take turns (`--rounds`). Whether the load generator keeps up is checked on the
constant endpoint: wrk's plain static request against the same endpoint through walk.lua
(the two rates should agree), and the share of a core wrk used is shown.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench import long_polls
from bench.load import Wrk, check_tools, run_wrk
from bench.profiles import profiled
from bench.report import Row, table, timed, verdict
from bench.seeding import Slot, database, request_file, seed, workspace
from bench.servers import Server, our_server, raw_server
from bench.statements import Call, count_statements

TARGET_304 = 0.8  # ours 304 / a constant
TARGET_200 = 1.0  # ours 200 / the raw SQL GET
ETAG = '"v1"'  # what a seeded order's ETag is


@dataclass
class Runs:
    name: str
    path: str  # with {id}
    if_none_match: str
    results: list[Wrk] = field(default_factory=list)

    def lines(self, slots: list[Slot]) -> list[tuple[str, str, str]]:
        keys = (lambda s: s.brand_key, lambda s: s.creator_key)
        return [
            (self.path.format(id=s.order_id), keys[n % 2](s), self.if_none_match)
            for n, s in enumerate(slots)
        ]

    def calls(self, slots: list[Slot]) -> list[Call]:
        found = []
        for path, key, tag in self.lines(slots):
            headers = {"Authorization": f"Bearer {key}"}
            if tag:
                headers["If-None-Match"] = tag
            found.append(Call("GET", path, headers))
        return found

    @property
    def rate(self) -> float:
        return sum(r.requests for r in self.results) / sum(r.seconds for r in self.results)

    def latency(self) -> str:
        worst = max(self.results, key=lambda r: r.p99_ms)
        return f"{worst.p50_ms:,.1f} / {worst.p99_ms:,.1f}"

    def cpu(self) -> str:
        server = sum(r.server_cpu for r in self.results) / len(self.results)
        wrk = sum(r.wrk_cpu for r in self.results) / len(self.results)
        return f"server {server:.0%} of a core, wrk {wrk:.0%}"


def _check(server: Server, slot: Slot) -> None:
    """The seeded order answers 304 to its ETag and 200 without it."""
    url = f"{server.base}/v1/orders/{slot.order_id}"
    auth = {"Authorization": f"Bearer {slot.creator_key}"}
    full = httpx.get(url, headers=auth)
    assert full.status_code == 200 and full.headers["etag"] == ETAG, (full, full.headers)
    same = httpx.get(url, headers={**auth, "If-None-Match": ETAG})
    assert same.status_code == 304, same


def measure(url: str, folder: Path, args: argparse.Namespace) -> list[Row]:
    slots = seed(url, args.orders)
    not_modified = Runs("ours-304", "/v1/orders/{id}", ETAG)
    constant = Runs("constant", "/const/orders/{id}", ETAG)
    full = Runs("ours-200", "/v1/orders/{id}", "")
    raw = Runs("raw-get", "/raw/orders/{id}", "")
    counted = slots[:6]
    # Polls come back: two orders polled in turns (the keys alternate with the line, so each
    # order keeps its key); the first three polls are the warm-up, the counted ones repeats.
    conditional = count_statements(url, not_modified.calls(counted[:2] * 4), [])
    reads = count_statements(url, full.calls(counted), raw.calls(counted))
    everything = (not_modified, constant, full, raw)
    files = {r.name: request_file(folder, r.name, r.lines(slots)) for r in everything}

    with our_server(url, folder) as ours, raw_server(url, folder) as bare:
        _check(ours, slots[0])
        servers = {not_modified.name: ours, constant.name: bare, full.name: ours, raw.name: bare}
        for runs in everything:
            run_wrk(f"{runs.name} warm-up", servers[runs.name], files[runs.name], limit=0,
                    seconds=args.warm_up, connections=args.connections)  # fmt: skip
        # The load generator: wrk's static request against the walk, on the same endpoint.
        plain = run_wrk("constant, plain wrk", bare, None, path="/const/orders/x",
                        seconds=args.seconds, connections=args.connections)  # fmt: skip
        for turn in range(args.rounds):
            for runs in everything:
                server = servers[runs.name]
                profile = args.profile if turn == 0 and server is ours else None
                with profiled(server, profile, runs.name):
                    result = run_wrk(f"{runs.name} {turn + 1}", server, files[runs.name],
                                     limit=0, seconds=args.seconds,
                                     connections=args.connections)  # fmt: skip
                runs.results.append(result)
        # Long polls last: each round changes one order (the walks above only read).
        woken = long_polls.measure(ours, slots[::-1], args.long_polls, args.rounds)

    ratio_304 = not_modified.rate / constant.rate
    ratio_200 = full.rate / raw.rate
    rows = [
        Row(
            "conditional GET, 304, ours (requests/s)",
            f"{not_modified.rate:,.0f}",
            f"{constant.rate:,.0f} constant",
            f"{ratio_304:.2f}",
            f">= {TARGET_304}x constant",
            verdict(ratio_304 >= TARGET_304),
        ),
        Row(
            "  p50 / p99 latency, worst round (ms)",
            not_modified.latency(),
            f"{constant.latency()} constant",
        ),
        Row(
            "  statements sent per request (with BEGIN, COMMIT)",
            f"{conditional.mean_ours:.1f}",
            "0 constant",
        ),
        Row(
            "full GET, 200, ours (requests/s)",
            f"{full.rate:,.0f}",
            f"{raw.rate:,.0f} raw SQL GET",
            f"{ratio_200:.2f}",
            f">= {TARGET_200}x raw",
            verdict(ratio_200 >= TARGET_200),
        ),
        Row("  p50 / p99 latency, worst round (ms)", full.latency(), f"{raw.latency()} raw"),
        Row(
            "  statements sent per request (with BEGIN, COMMIT)",
            f"{reads.mean_ours:.1f}",
            f"{reads.mean_raw:.1f} raw",
            f"{reads.mean_ours / reads.mean_raw:.2f}",
        ),
        *woken,
        Row(
            "load generator: constant through walk.lua (requests/s)",
            f"{constant.rate:,.0f}",
            f"{plain.rate:,.0f} plain wrk",
            f"{constant.rate / plain.rate:.2f}",
        ),
    ]
    print(
        f"\nPolling: 1 uvicorn process each, wrk -t1 -c{args.connections}, {args.rounds} rounds "
        f"of {args.seconds:.0f} s in turns over {args.orders:,} orders, after "
        f"{args.warm_up:.0f} s of warm-up each"
    )
    print(table(rows))
    for runs in everything:
        print(f"  {runs.name}: {runs.cpu()}")
    print(
        f"  constant, plain wrk: server {plain.server_cpu:.0%} of a core, wrk {plain.wrk_cpu:.0%}"
    )
    for listing in (
        conditional.listing("conditional GET (304) of ours"),
        reads.listing("full GET (200) of ours"),
        reads.listing("raw SQL GET", raw=True),
    ):
        print(f"\n{listing}")
    return rows


def parser() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(prog="python -m bench.polling", description=__doc__)
    options.add_argument("--seconds", type=float, default=8.0, help="per run (per round)")
    options.add_argument("--rounds", type=int, default=2, help="turns of the four runs")
    options.add_argument("--connections", type=int, default=16, help="wrk connections")
    options.add_argument("--warm-up", type=float, default=2.0, help="untimed seconds each")
    options.add_argument("--orders", type=int, default=2_000, help="orders polled")
    options.add_argument("--long-polls", type=int, default=500, help="long polls on one order")
    options.add_argument("--profile", type=Path, help="py-spy profiles of ours into this folder")
    return options


def main(argv: list[str] | None = None) -> list[Row]:
    args = parser().parse_args(argv)
    check_tools("wrk")

    def run() -> list[Row]:
        with database("polling") as url, workspace() as folder:
            return measure(url, folder, args)

    return timed("polling", run)


if __name__ == "__main__":
    main()

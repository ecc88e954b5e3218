"""The load generators: wrk (one thread, `bench/walk.lua` walking a request file) and
pgbench. Every run is bounded twice: by a number of requests (the request file, after which
the Lua script stops wrk) and by a duration."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.report import log
from bench.servers import ROOT, Server, cpu_seconds
from service.ids import new_id

WALK_LUA = Path(__file__).resolve().with_name("walk.lua")
CONNECTIONS = 16  # wrk connections: enough to keep one Python process busy


def check_tools(*names: str) -> None:
    """Fail at once, with the fix, when a tool the bench runs is not installed."""
    missing = [name for name in names if shutil.which(name) is None]
    if "wrk" in missing:
        raise SystemExit(
            "wrk is not installed: the HTTP benchmarks need it as their load generator.\n"
            "Install it with `command -v wrk || apt-get install -y wrk` (see bench/README.md)."
        )
    if missing:
        raise SystemExit(f"{', '.join(missing)} not found on PATH (PostgreSQL client tools)")
    try:
        import psycopg_pool  # noqa: F401
    except ImportError:
        raise SystemExit(
            "psycopg-pool is not installed (the raw baseline app uses it): run `make bench`, "
            "or `.venv/bin/pip install -r bench/requirements.txt`"
        ) from None


_WRK_LINE = re.compile(r"^BENCH (.*)$", re.MULTILINE)


@dataclass
class Wrk:
    name: str
    requests: int
    seconds: float
    bad_status: int  # neither 2xx nor 3xx
    socket_errors: int
    p50_ms: float
    p99_ms: float
    wrk_cpu: float = 0.0  # share of one core the load generator used
    server_cpu: float = 0.0  # share of one core the server process used
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def describe(self) -> str:
        return (
            f"{self.name}: {self.requests:,} requests in {self.seconds:.1f} s = "
            f"{self.rate:,.0f}/s, p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, "
            f"errors {self.bad_status + self.socket_errors}, "
            f"wrk {self.wrk_cpu:.0%} of a core, server {self.server_cpu:.0%} of a core"
        )


def run_wrk(
    name: str,
    server: Server,
    requests: Path | None,
    *,
    method: str = "GET",
    seconds: float = 10.0,
    limit: int | None = None,
    connections: int = CONNECTIONS,
    path: str = "/",
) -> Wrk:
    """One wrk thread (the load generator gets one of the two cores) for at most `seconds`.
    With a request file, `walk.lua` sends one line per request and stops after `limit`
    requests (by default the number of lines less one per connection, so that no line is
    sent twice; 0: no limit, the lines are walked round and round); without a file, wrk
    sends GET `path` over and over."""
    if limit is None:
        limit = sum(1 for _ in requests.open()) - connections if requests else 0
    prefix = re.sub(r"[^A-Za-z0-9]+", "-", name) + f"-{new_id('idk')}-"  # Idempotency-Keys
    command = [
        "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
        "-s", str(WALK_LUA), server.base + path,
        "--", str(requests or ""), method, str(limit), prefix,
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before, wall_before = cpu_seconds(server.pid), time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert process.stderr is not None
    complaints = []
    for line in process.stderr:  # until wrk exits, or the walk says it is done
        if line.startswith("walk: limit reached"):
            process.send_signal(signal.SIGINT)  # wrk then stops sleeping and reports
            break
        complaints.append(line)
    output, rest = process.communicate(timeout=seconds + 120)
    wall = time.perf_counter() - wall_before
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = cpu_seconds(server.pid) - server_before
    found = _WRK_LINE.search(output)
    if process.returncode != 0 or found is None:
        raise RuntimeError(
            f"wrk failed ({process.returncode}):\n{output}{''.join(complaints)}{rest}"
        )
    values = dict(pair.split("=") for pair in found.group(1).split())
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = Wrk(
        name=name,
        requests=int(values["requests"]),
        seconds=int(values["duration_us"]) / 1e6,
        bad_status=int(values["status"]),
        socket_errors=sum(int(values[k]) for k in ("connect", "read", "write", "timeout")),
        p50_ms=int(values["p50_us"]) / 1000,
        p99_ms=int(values["p99_us"]) / 1000,
        wrk_cpu=used / wall,
        server_cpu=server_cpu / wall,
    )
    log(result.describe())
    if result.bad_status or result.socket_errors:
        tail = server.log_path.read_text()[-2000:]
        raise RuntimeError(
            f"{name}: {result.bad_status} responses were 4xx/5xx and {result.socket_errors} "
            f"socket errors; the server's log ends:\n{tail}"
        )
    return result


_TPS = re.compile(r"^tps = ([\d.]+) \(without initial connection time\)", re.MULTILINE)
_PROCESSED = re.compile(r"number of transactions actually processed: (\d+)")


@dataclass
class Pgbench:
    tps: float
    transactions: int
    latency_ms: float


def run_pgbench(
    url: str, script: Path, *, clients: int = 8, threads: int = 2, seconds: int = 10
) -> Pgbench:
    """`pgbench -n -M prepared -f SCRIPT -c 8 -j 2 -T 10` on the benchmark's database."""
    target = make_url(url)
    command = [
        "pgbench", "-n", "-M", "prepared", "-f", str(script),
        "-c", str(clients), "-j", str(threads), "-T", str(seconds),
        "-h", target.host or "127.0.0.1", "-p", str(target.port or 5432),
        "-U", target.username or "postgres", str(target.database),
    ]  # fmt: skip
    env = {**os.environ}
    if target.password:
        env["PGPASSWORD"] = target.password
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=seconds + 60)
    tps, processed = _TPS.search(done.stdout), _PROCESSED.search(done.stdout)
    if "expected one row, got 0" in done.stderr:
        raise RuntimeError("pgbench used up the orders seeded for it: raise --pgbench-cap")
    if done.returncode != 0 or tps is None or processed is None:
        raise RuntimeError(f"pgbench failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    latency = re.search(r"latency average = ([\d.]+) ms", done.stdout)
    result = Pgbench(
        float(tps.group(1)), int(processed.group(1)), float(latency.group(1)) if latency else 0.0
    )
    log(
        f"pgbench: {result.transactions:,} transactions, {result.tps:,.0f}/s, "
        f"average latency {result.latency_ms:.1f} ms"
    )
    return result

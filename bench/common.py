"""What the HTTP benchmarks share: throw-away databases seeded with bulk SQL, API keys,
uvicorn servers started as subprocesses, wrk runs through `bench/walk.lua`, pgbench, the
RSS and CPU time of a process, py-spy profiles, and the statements a request sends.
(The result table is that of `bench/timers.py`.)

Everything runs on loopback. Every run is bounded twice: by a number of requests (the
request file of the run, after which the Lua script stops wrk) and by a duration.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg._connection_base import BaseConnection
from sqlalchemy.engine import make_url

from bench.timers import log
from service.db import Database
from service.ids import new_id
from service.money.check import check_ledger
from service.parties.keys import display_prefix, generate_key, hash_key
from tests.databases import migrate, postgres_database
from tests.service.timers.bulk import numbered_id, psycopg_url, seed_due_orders

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
WALK_LUA = BENCH / "walk.lua"
OPS_KEY = "bench-ops-key-" + "x" * 16
CONNECTIONS = 16  # wrk connections: enough to keep one Python process busy
BRANDS = 32  # parties per seeding, walked round robin: concurrent requests never share one
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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


# Databases and seeding -------------------------------------------------------------------


@contextmanager
def database(name: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one benchmark, dropped afterwards."""
    with postgres_database() as url:
        log(f"{name}: database {url.rsplit('/', 1)[-1]}, migrating")
        migrate(url)
        yield url


@dataclass(frozen=True)
class Slot:
    """One seeded `requested` order and what it takes to act on it."""

    order_id: str
    brand_key: str
    creator_key: str


async def _key(conn: psycopg.AsyncConnection[Any], party_id: str) -> str:
    key = generate_key()
    await conn.execute(
        """INSERT INTO api_keys (id, party_id, key_hash, prefix, created_at)
           VALUES (%s, %s, %s, %s, now())""",
        (new_id("key"), party_id, hash_key(key), display_prefix(key)),
    )
    return key


async def _seed(url: str, count: int, brands: int) -> list[Slot]:
    per_brand = -(-count // brands)
    columns: list[list[Slot]] = []
    async with await psycopg.AsyncConnection.connect(psycopg_url(url)) as conn:
        for _ in range(brands):
            # The accept deadline 20 hours ahead: `accept` is allowed, nothing is due.
            seeded = await seed_due_orders(conn, per_brand, overdue=-timedelta(hours=20))
            brand_key = await _key(conn, seeded.brand_id)
            creator_key = await _key(conn, seeded.creator_id)
            await conn.commit()
            columns.append(
                [
                    Slot(numbered_id("ord", seeded.tag, i), brand_key, creator_key)
                    for i in range(1, per_brand + 1)
                ]
            )
        await conn.execute("ANALYZE")
    # Round robin over the brands, so that requests in flight together touch different
    # brands' accounts (a cancel moves money into the brand's one available account).
    return [slot for row in zip(*columns, strict=True) for slot in row][:count]


def seed(url: str, count: int, brands: int = BRANDS) -> list[Slot]:
    """`count` orders in `requested` (accept deadline 20 hours ahead, escrow full), spread
    over `brands` brands, each with its own creator, channel and an API key for both."""
    started = time.perf_counter()
    slots = asyncio.run(_seed(url, count, brands))
    log(f"{count:,} requested orders seeded in {time.perf_counter() - started:.1f} s")
    return slots


def ledger_clean(url: str) -> bool:
    async def check() -> bool:
        db = Database(url)
        try:
            async with db.sessions() as session:
                report = await check_ledger(session)
        finally:
            await db.dispose()
        for discrepancy in report.discrepancies[:10]:
            log(f"ledger: {discrepancy}")
        return report.clean

    return asyncio.run(check())


# Request files for walk.lua --------------------------------------------------------------


def request_file(folder: Path, name: str, lines: Sequence[tuple[str, str, str]]) -> Path:
    """One request per line: path, API key and If-None-Match value (may be empty)."""
    path = folder / f"{name}.tsv"
    path.write_text("".join(f"{p}\t{key}\t{tag}\n" for p, key, tag in lines))
    return path


# Servers ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    pid: int
    base: str  # http://127.0.0.1:PORT
    log_path: Path


def _wait_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text()[-3000:]
            raise RuntimeError(f"the server exited with {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} within 60 s")


@contextmanager
def _uvicorn(
    name: str, target: list[str], env: dict[str, str], ready_path: str, folder: Path
) -> Iterator[Server]:
    port = _free_port()
    log_path = folder / f"{name}.log"
    command = [
        sys.executable, "-m", "uvicorn", *target, "--no-access-log",
        "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    with log_path.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, base + ready_path, log_path)
        log(f"{name}: uvicorn pid {process.pid} on port {port}")
        yield Server(name, process.pid, base, log_path)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def our_server(url: str, folder: Path, name: str = "ours") -> Iterator[Server]:
    """`uvicorn service.app:create_app --factory`, one process, no worker inside."""
    env = {
        "XT_DATABASE_URL": url,
        "XT_WORKER_IN_PROCESS": "false",
        "XT_BOOTSTRAP_OPS_KEY": OPS_KEY,
    }
    with _uvicorn(name, ["service.app:create_app", "--factory"], env, "/health", folder) as s:
        yield s


@contextmanager
def raw_server(url: str, folder: Path, name: str = "raw") -> Iterator[Server]:
    """`uvicorn bench.raw_app:app`, one process: the same framework, bare SQL."""
    env = {"RAW_DATABASE_URL": psycopg_url(url)}
    with _uvicorn(name, ["bench.raw_app:app"], env, "/const", folder) as s:
        yield s


@contextmanager
def workspace() -> Iterator[Path]:
    """A temporary folder for request files and server logs, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="xt-bench-") as folder:
        yield Path(folder)


# Processes --------------------------------------------------------------------------------


def rss_kib(pid: int) -> int:
    """VmRSS of a process, in KiB, from /proc/PID/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


# wrk ---------------------------------------------------------------------------------------

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


# pgbench -------------------------------------------------------------------------------------

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


# Profiles ----------------------------------------------------------------------------------


def py_spy() -> str | None:
    found = shutil.which("py-spy")
    beside = Path(sys.executable).parent / "py-spy"
    return found or (str(beside) if beside.exists() else None)


@contextmanager
def profiled(server: Server, folder: Path | None, name: str) -> Iterator[None]:
    """py-spy samples the server while the block runs (when `folder` is set): the collapsed
    stacks go to FOLDER/NAME.txt (`flamegraph.pl` or speedscope draw them) and the hottest
    frames to FOLDER/NAME-top.txt, which is printed too."""
    spy = py_spy() if folder is not None else None
    if folder is None:
        yield
        return
    if spy is None:
        log("py-spy is not installed (`.venv/bin/pip install py-spy`): no profile")
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    stacks = folder / f"{name}.txt"
    command = [
        spy, "record", "--pid", str(server.pid), "--rate", "100", "--nonblocking",
        "--format", "raw", "--output", str(stacks),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1.0)  # let it attach
    try:
        yield
    finally:
        process.send_signal(signal.SIGINT)
        _, complaints = process.communicate(timeout=60)
    if not stacks.exists():
        log(f"py-spy wrote no profile: {complaints.decode()[-500:]}")
        return
    summary = summarise_profile(stacks)
    (folder / f"{name}-top.txt").write_text(summary)
    print(f"\nprofile of {name} (py-spy, {stacks}):\n{summary}")


_LINE_NUMBER = re.compile(r":\d+\)$")


def summarise_profile(stacks: Path, top: int = 25) -> str:
    """The frames of our code and of the libraries with the most samples: inclusive (the
    frame anywhere on the stack) and self (the frame on top)."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in stacks.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = [_LINE_NUMBER.sub(")", frame) for frame in stack.split(";")]
        samples = int(count)
        total += samples
        own[frames[-1]] = own.get(frames[-1], 0) + samples
        for frame in set(frames[1:]):
            inclusive[frame] = inclusive.get(frame, 0) + samples
    if not total:
        return "(no samples)"

    def lines(counts: dict[str, int], keep: Callable[[str], bool]) -> list[str]:
        ranked = sorted(((n, f) for f, n in counts.items() if keep(f)), reverse=True)
        return [f"  {n / total:6.1%}  {f}" for n, f in ranked[:top]]

    ours = lines(inclusive, lambda f: "(service/" in f or "(statemachine/" in f)
    hot = lines(own, lambda f: True)
    return "\n".join(
        [f"{total:,} samples; inclusive, our code:", *ours, "self (top of the stack):", *hot]
    )


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# Statements per request ----------------------------------------------------------------------


def _statement_text(query: Any) -> str:
    if isinstance(query, bytes):
        text = query.decode(errors="replace")
    elif isinstance(query, str):
        text = query
    else:
        try:
            text = query.as_string(None)
        except Exception:
            text = repr(query)
    return " ".join(text.split())


@contextmanager
def statements_sent() -> Iterator[list[str]]:
    """Every statement psycopg sends from this process while the block runs: what cursors
    execute (each row of an executemany, which psycopg pipelines, counts as one), and the
    commands psycopg sends on its own (BEGIN, COMMIT, ROLLBACK)."""
    sent: list[str] = []
    cursor_execute = psycopg.AsyncCursor.execute
    cursor_executemany = psycopg.AsyncCursor.executemany
    exec_command = BaseConnection._exec_command

    async def execute(self: Any, query: Any, params: Any = None, **options: Any) -> Any:
        at = len(sent)  # psycopg may send BEGIN first, inside the call
        try:
            return await cursor_execute(self, query, params, **options)
        finally:
            sent.insert(
                at + sum(1 for s in sent[at:] if s.startswith("BEGIN")), _statement_text(query)
            )

    async def executemany(self: Any, query: Any, params_seq: Any, **options: Any) -> Any:
        rows = list(params_seq)  # SQLAlchemy sends these in one pipeline: one statement each
        at = len(sent)
        try:
            return await cursor_executemany(self, query, rows, **options)
        finally:
            text = _statement_text(query)
            begun = sum(1 for s in sent[at:] if s.startswith("BEGIN"))
            sent[at + begun : at + begun] = [
                f"{text} (row {n} of {len(rows)})" for n in range(1, len(rows) + 1)
            ]

    def command(self: Any, statement: Any, *more: Any, **options: Any) -> Any:
        sent.append(_statement_text(statement))
        return (yield from exec_command(self, statement, *more, **options))

    psycopg.AsyncCursor.execute = execute  # type: ignore[method-assign]
    psycopg.AsyncCursor.executemany = executemany  # type: ignore[method-assign]
    BaseConnection._exec_command = command  # type: ignore[method-assign]
    try:
        yield sent
    finally:
        psycopg.AsyncCursor.execute = cursor_execute  # type: ignore[method-assign]
        psycopg.AsyncCursor.executemany = cursor_executemany  # type: ignore[method-assign]
        BaseConnection._exec_command = exec_command  # type: ignore[method-assign]


Call = tuple[str, str, dict[str, str]]  # method, path, headers


async def _count(app: Any, calls: list[Call], warm: int) -> list[list[str]]:
    transport = httpx.ASGITransport(app=app)
    found = []
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for n, (method, path, headers) in enumerate(calls):
            with statements_sent() as sent:
                answer = await client.request(method, path, headers=headers)
            if answer.status_code >= 400:
                raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text}")
            if n >= warm:
                found.append(sent)
    return found


def count_statements(url: str, ours: list[Call], raw: list[Call], warm: int = 3) -> Counts:
    """Send `ours` to our app and `raw` to the raw app, in this process (httpx's ASGI
    transport, no server), and list the statements each request sent, after `warm` requests
    of each (statement caches, prepared statements)."""
    from bench import raw_app
    from service.app import create_app
    from service.config import Settings

    async def both() -> Counts:
        logging.disable(logging.INFO)  # the access log of these requests is not the bench's
        settings = Settings(database_url=url, worker_in_process=False)
        app = create_app(settings)
        try:
            async with app.router.lifespan_context(app):  # as served: caches live
                for _ in range(200):
                    if app.state.order_versions.live:
                        break
                    await asyncio.sleep(0.05)
                mine = await _count(app, ours, warm) if ours else []
        finally:
            await app.state.db.dispose()
        bare: list[list[str]] = []
        if raw:
            await raw_app.open_pool(psycopg_url(url))
            try:
                bare = await _count(raw_app.app, raw, warm)
            finally:
                await raw_app.pool.close()
        return Counts(mine, bare)

    try:
        return asyncio.run(both())
    finally:
        logging.disable(logging.NOTSET)


@dataclass
class Counts:
    ours: list[list[str]]
    raw: list[list[str]]

    @staticmethod
    def _mean(found: list[list[str]]) -> float:
        return sum(len(s) for s in found) / len(found) if found else 0.0

    @property
    def mean_ours(self) -> float:
        return self._mean(self.ours)

    @property
    def mean_raw(self) -> float:
        return self._mean(self.raw)

    def listing(self, name: str, raw: bool = False) -> str:
        found = self.raw if raw else self.ours
        if not found:
            return ""
        lines = [f"Statements one {name} sends ({len(found[-1])}):"]
        lines += [f"  {n:2d}. {s[:110]}" for n, s in enumerate(found[-1], 1)]
        return "\n".join(lines)

"""Command line: migrate the database, create parties and keys, serve the API."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from service.clock import SystemClock
from service.config import get_settings
from service.db import Database
from service.parties import service as parties
from service.parties.models import PartyKind
from service.schemas import Name

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(database_url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def migrate(revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(get_settings().database_url), revision)


async def _create_party(kind: PartyKind, name: str, with_key: bool) -> None:
    database = Database(get_settings().database_url)
    try:
        async with database.session() as session:
            now = SystemClock().now()
            party = await parties.create_party(session, kind, name, now)
            print(f"{kind.value} {party.id} {name}")
            if with_key:
                key, secret = await parties.issue_key(session, party, now)
                print(f"api key {key.id}: {secret}  (shown once)")
    finally:
        await database.dispose()


async def _issue_key(party_id: str) -> None:
    database = Database(get_settings().database_url)
    try:
        async with database.session() as session:
            from service.parties.models import Party

            party = await session.get(Party, party_id)
            if party is None:
                sys.exit(f"no party '{party_id}'")
            key, secret = await parties.issue_key(session, party, SystemClock().now())
            print(f"api key {key.id}: {secret}  (shown once)")
    finally:
        await database.dispose()


async def _check_ledger() -> int:
    from service.money.check import check_ledger

    database = Database(get_settings().database_url)
    try:
        async with database.session() as session:
            report = await check_ledger(session)
    finally:
        await database.dispose()
    print(f"ledger: {report.accounts} accounts, {report.entries} entries")
    for d in report.discrepancies:
        print(f"DISCREPANCY {d.check}: {d.subject}: {d.detail}")
    print("clean" if report.clean else f"{len(report.discrepancies)} discrepancies")
    return 0 if report.clean else 1


async def _process_withdrawals() -> None:
    from service.money.withdrawals import process_unfinished
    from service.ports.payments import SimulatedPayoutProvider

    settings = get_settings()
    database = Database(settings.database_url)
    try:
        provider = SimulatedPayoutProvider(fail=settings.simulated_payouts_fail)
        done = await process_unfinished(database, provider, SystemClock())
        print(f"processed {done} unfinished withdrawals")
    finally:
        await database.dispose()


async def _worker(until_idle: bool) -> None:
    from service.app import create_app
    from service.timers.worker import serve_forever

    app = create_app()
    try:
        if until_idle:
            done = await app.state.worker.run_until_idle()
            sent = await app.state.worker.deliver_due()
            print(f"fired {done.timers} timers, checked {done.videos} videos, sent {sent} webhooks")
        else:
            await serve_forever(app.state.worker)
    finally:
        await app.state.db.dispose()


def serve(host: str | None, port: int | None) -> None:
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m service", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="upgrade the database to the latest schema")
    create = commands.add_parser("create-party", help="create a brand, creator, mcn or ops")
    create.add_argument("kind", choices=[k.value for k in PartyKind])
    create.add_argument("name")
    create.add_argument("--no-key", action="store_true", help="do not issue an API key")
    key = commands.add_parser("issue-key", help="issue an API key for a party")
    key.add_argument("party_id")
    commands.add_parser(
        "check-ledger", help="re-derive balances and check the ledger; exit 1 on discrepancies"
    )
    commands.add_parser(
        "process-withdrawals", help="pay out withdrawals left requested or processing"
    )
    work = commands.add_parser("worker", help="fire due timers and check videos, in a loop")
    work.add_argument(
        "--until-idle", action="store_true", help="stop once nothing is due instead of looping"
    )
    commands.add_parser("openapi", help="print the OpenAPI schema (committed as openapi.json)")
    run = commands.add_parser("serve", help="serve the REST API")
    run.add_argument("--host")
    run.add_argument("--port", type=int)
    args = parser.parse_args(argv)

    if args.command == "migrate":
        migrate()
    elif args.command == "create-party":
        try:  # the rules the API holds names to
            name = TypeAdapter(Name).validate_python(args.name)
        except ValidationError as refused:
            parser.error(f"name: {refused.errors()[0]['msg']}")
        asyncio.run(_create_party(PartyKind(args.kind), name, not args.no_key))
    elif args.command == "issue-key":
        asyncio.run(_issue_key(args.party_id))
    elif args.command == "check-ledger":
        sys.exit(asyncio.run(_check_ledger()))
    elif args.command == "process-withdrawals":
        asyncio.run(_process_withdrawals())
    elif args.command == "worker":
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
        asyncio.run(_worker(args.until_idle))
    elif args.command == "openapi":
        import json

        from service.app import create_app

        print(json.dumps(create_app().openapi(), indent=2, sort_keys=True, ensure_ascii=False))
    elif args.command == "serve":
        serve(args.host, args.port)

"""The committed OpenAPI schema is the app's schema."""

from __future__ import annotations

import json
from pathlib import Path

from service.app import create_app
from service.config import Settings

COMMITTED = Path(__file__).resolve().parents[2] / "openapi.json"


def test_committed_schema_matches_the_app() -> None:
    schema = create_app(Settings()).openapi()
    committed = json.loads(COMMITTED.read_text())
    assert schema == committed, "the API changed: run `python -m service openapi > openapi.json`"


def test_every_operation_declares_its_problems() -> None:
    schema = create_app(Settings()).openapi()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert "503" in declared, (method, path)
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert list(answer["content"]) == ["application/problem+json"], (path, status)

"""The table of errors and the catalogue of codes: every code the source can answer is
catalogued with one status, every error class has its row, and the schema lists them all."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from service.api.conditional import PreconditionFailed
from service.app import create_app
from service.config import Settings
from service.errors import CODES, STATUSES, catalogue
from service.problems import PROBLEM_CODES, Conflict, ProblemError, Unprocessable
from statemachine import ORDER_MACHINE, DomainError, GuardFailed, RequestRefused

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*(ROOT / "service").rglob("*.py"), *(ROOT / "statemachine").rglob("*.py")]
# Base classes whose own code is never answered: each raise gives a code of its own.
BASES = (ProblemError, Conflict, Unprocessable, DomainError)
# Answered outside any operation: a path no operation serves, a crash.
NOT_PER_OPERATION = {"method_not_allowed", "http_error", "internal_error"}
# Raised by the machine for a trigger outside its table: no route sends one (each trigger
# has its own path), so no client meets it.
NEVER_ANSWERED = {"unknown_trigger"}


def _called(node: ast.Call) -> str:
    return getattr(node.func, "attr", getattr(node.func, "id", ""))


def _code_given(node: ast.AST) -> ast.expr | None:
    """The code a node gives: `code = "…"`, `code="…"`, `problem_response(status, "…")`."""
    if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["code"]:
        return node.value
    if isinstance(node, ast.keyword) and node.arg == "code":
        return node.value
    if isinstance(node, ast.Call) and _called(node) == "problem_response" and len(node.args) > 1:
        return node.args[1]
    return None


def _codes_in_source() -> Iterator[tuple[str, str]]:
    """(file, code) for each code the source gives."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            value = _code_given(node)
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                yield path.name, value.value


def test_every_code_in_the_source_is_catalogued() -> None:
    known = catalogue(ORDER_MACHINE)
    base_codes = {base.code for base in BASES}
    missing = [
        (file, code)
        for file, code in _codes_in_source()
        if code not in known and code not in base_codes | NEVER_ANSWERED
    ]
    assert not missing, f"codes answered but not in service.errors.CODES: {missing}"


def test_the_base_classes_are_never_raised_without_a_code_of_their_own() -> None:
    bare = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and _called(node) in {"ProblemError", "Conflict", "Unprocessable"}
                and not any(keyword.arg == "code" for keyword in node.keywords)
            ):
                bare.append((path.name, node.lineno))
    assert not bare, f"raise with a code of its own (and catalogue it): {bare}"


def test_every_class_answers_with_the_status_its_code_is_catalogued_with() -> None:
    for kind, (status, _) in STATUSES.items():
        if kind in BASES or kind in (GuardFailed, RequestRefused):  # codes: their guards'
            continue
        if kind.code in NEVER_ANSWERED:
            continue
        if kind is PreconditionFailed:  # version_conflict, 409 but for If-Match
            continue
        assert CODES[kind.code].status == status, kind


def test_a_code_has_one_status_and_guard_codes_agree_with_their_class() -> None:
    known = catalogue(ORDER_MACHINE)
    for transition in (ORDER_MACHINE.create, *ORDER_MACHINE.transitions):
        for guard in transition.guards:
            assert known[guard.code].status == (422 if guard.unprocessable else 409), guard


def test_the_schema_enumerates_the_catalogue_and_every_code_is_answered_somewhere() -> None:
    schema = create_app(Settings()).openapi()
    known = catalogue(ORDER_MACHINE)
    assert schema["components"]["schemas"]["ProblemCode"]["enum"] == sorted(known)
    answered = {
        code
        for operations in schema["paths"].values()
        for operation in operations.values()
        for response in operation["responses"].values()
        for code in response.get(PROBLEM_CODES, ())
    }
    assert answered <= set(known)
    assert set(known) - answered == NOT_PER_OPERATION

# One virtualenv, created on first use; every target installs what it needs.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/postgres

.PHONY: install run test lint format migrations-check bench clean soak

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install  ## migrate the database (SQLite file by default) and serve on 127.0.0.1:8000
	$(PY) -m service migrate
	$(PY) -m service serve

test: install  ## the whole suite, on SQLite and on PostgreSQL
	$(PY) -m pytest

soak: install  ## reliability tests, long form (XT_SOAK=1): 10 min soak, 20 crashes, 3 x 30k sim steps
	XT_SOAK=1 $(PY) -m pytest tests/reliability

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install  ## upgrade, check, downgrade, upgrade on SQLite and PostgreSQL
	$(PY) -m tests.migrations_roundtrip

bench: install  ## every benchmark on PostgreSQL (needs wrk: see bench/README.md), ~9 minutes
	$(PY) -m pip install --quiet -r bench/requirements.txt
	$(PY) -m bench

clean:
	rm -rf $(VENV) xingtu.db xingtu.db-wal xingtu.db-shm .pytest_cache .mypy_cache .ruff_cache

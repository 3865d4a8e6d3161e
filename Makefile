# tape — developer tasks. Everything runs from the project venv in .venv/.
#
#   make install          create .venv (if missing) and install tape + dev extras
#   make lint             ruff check + ruff format --check
#   make typecheck        mypy (strict; config in pyproject.toml)
#   make test             the whole default suite (needs local Postgres + Redis)
#   make test PYTEST_ARGS="-x -k lease"
#   make bench / bench-outbox   benchmarks (bench/)
#   make bench-scale      claim/enqueue/pair cost at 10,000 vs 1,000,000 finished effects
#   make bench-peers      the same work through tape, DBOS and procrastinate (own venv)
#   make soak [N=10000]   the soak: effects through a faulty bank under process faults (bench/soak)
#   make compose-schema   the Compose Specification JSON schema, for tests/integration

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
# Effects in a soak run, and more options (make soak N=500 SOAK_ARGS=--keep-logs).
N ?= 10000
SOAK_ARGS ?=

# The Compose Specification JSON schema that tests/integration/test_docker_files.py validates
# docker/compose.yaml against. No Compose tool runs here, so it comes from the npm registry:
# dclint ships compose-spec's schema/compose-spec.json as schemas/compose.schema.json. Pinned;
# fetched once into the gitignored .cache/ (a marker records the package, so changing the pin
# fetches again and nothing else does).
COMPOSE_SCHEMA_PACKAGE := dclint@3.1.0
COMPOSE_SCHEMA_MEMBER := package/schemas/compose.schema.json
COMPOSE_SCHEMA_DIR := .cache/compose-spec

# Only the folders that exist (git does not keep empty ones in a fresh clone).
LINT_PATHS := $(wildcard tape tests worker bench)

.DEFAULT_GOAL := help

.PHONY: help install lint format typecheck test test-unit test-integration \
	test-acceptance test-migration compose-schema bench bench-outbox bench-scale bench-peers \
	soak dev clean distclean

help:
	@echo "targets: install lint format typecheck test test-unit test-integration"
	@echo "         test-acceptance test-migration compose-schema bench bench-outbox bench-scale"
	@echo "         bench-peers soak dev"
	@echo "         clean distclean"

install: $(STAMP)

# Re-installs only when pyproject.toml changes (or the venv is new).
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

# Not part of CI: rewrites files.
format: $(STAMP)
	$(BIN)/ruff check --fix $(LINT_PATHS)
	$(BIN)/ruff format $(LINT_PATHS)

typecheck: $(STAMP)
	$(BIN)/mypy

# A failed fetch does not stop the run: the schema test then fails and says why.
compose-schema:
	@if [ "$$(cat $(COMPOSE_SCHEMA_DIR)/source 2>/dev/null)" != "$(COMPOSE_SCHEMA_PACKAGE)" ] \
		|| [ ! -s $(COMPOSE_SCHEMA_DIR)/compose-spec.json ]; then \
		echo "fetching the Compose schema from $(COMPOSE_SCHEMA_PACKAGE) into $(COMPOSE_SCHEMA_DIR)/"; \
		rm -rf $(COMPOSE_SCHEMA_DIR) && mkdir -p $(COMPOSE_SCHEMA_DIR)/pack \
		&& npm pack --loglevel=error --pack-destination $(COMPOSE_SCHEMA_DIR)/pack \
			$(COMPOSE_SCHEMA_PACKAGE) >/dev/null \
		&& tar -xzf $(COMPOSE_SCHEMA_DIR)/pack/*.tgz -C $(COMPOSE_SCHEMA_DIR)/pack \
			$(COMPOSE_SCHEMA_MEMBER) \
		&& mv $(COMPOSE_SCHEMA_DIR)/pack/$(COMPOSE_SCHEMA_MEMBER) \
			$(COMPOSE_SCHEMA_DIR)/compose-spec.json \
		&& rm -rf $(COMPOSE_SCHEMA_DIR)/pack \
		&& echo "$(COMPOSE_SCHEMA_PACKAGE)" > $(COMPOSE_SCHEMA_DIR)/source \
		|| echo "warning: could not fetch $(COMPOSE_SCHEMA_PACKAGE) with npm" >&2; \
	fi

test: $(STAMP) compose-schema
	$(BIN)/pytest -q tests $(PYTEST_ARGS)

test-unit: $(STAMP)
	$(BIN)/pytest -q tests/unit $(PYTEST_ARGS)

test-integration: $(STAMP) compose-schema
	$(BIN)/pytest -q tests/integration $(PYTEST_ARGS)

test-acceptance: $(STAMP)
	$(BIN)/pytest -q tests/acceptance $(PYTEST_ARGS)

test-migration: $(STAMP)
	$(BIN)/pytest -q tests/migration $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/journal.py

bench-outbox: $(STAMP)
	$(BIN)/python bench/outbox.py

bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py

# The peers live in a venv of their own (never tape dependencies): tape, DBOS, procrastinate.
PEERS_VENV := .cache/peers-venv
PEERS_STAMP := $(PEERS_VENV)/.installed

$(PEERS_STAMP): pyproject.toml
	@test -x $(PEERS_VENV)/bin/python || $(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/pip install --quiet --disable-pip-version-check -e . \
		"dbos>=1.0" "procrastinate>=3.0" "psycopg[binary]>=3.1"
	@touch $@

bench-peers: $(PEERS_STAMP)
	$(PEERS_VENV)/bin/python bench/peers.py

# Not part of the default suite: several minutes. SOAK_RESTART_POSTGRES=1 also restarts the
# local Postgres cluster (it disturbs everyone using it). See CONTRIBUTING.md.
soak: $(STAMP)
	PYTHONPATH=bench $(BIN)/python -m soak --effects $(N) $(SOAK_ARGS)

dev: $(STAMP)
	$(BIN)/tape dev

# Removes caches, build output and the dev journal (.tape/); keeps .venv.
clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis .tape build dist bench/out
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name '*.egg-info' -type d -exec rm -rf {} +

# clean, and the venv and downloads (.cache/) too.
distclean: clean
	rm -rf $(VENV) .cache

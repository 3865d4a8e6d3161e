# tape — developer tasks. Everything runs from the project venv in .venv/.
#
#   make install          create .venv (if missing) and install tape with $(EXTRAS)
#   make lint             ruff check + ruff format --check + the import layers and cycles
#                         + the docs' strict build
#   make docs             the documentation (docs/, mkdocs.yml) into .cache/site/; a broken link fails
#   make typecheck        mypy (strict; config in pyproject.toml)
#   make test             the whole default suite (needs local Postgres + Redis)
#   make test PYTEST_ARGS="-x -k lease"
#   make bench / bench-outbox / bench-rpc   benchmarks (bench/)
#   make bench-journal    pairs/s as writer processes go 1 -> 16, beside the floor (bench/)
#   make bench-reactions  event bus lag: commit -> task created -> handler start (bench/)
#   make bench-scale      claim/enqueue/pair cost at 10,000 vs 1,000,000 finished effects
#   make bench-peers      the same work through tape, DBOS and procrastinate (own venv)
#   make bench-agents     scripted four-step agent runs through celery workers beside DBOS (own venv)
#   make bench-scale-out  outbox effects/s with 1, 2 and 4 worker nodes on one Postgres
#   make soak [N=10000]   the soak: effects through a faulty bank under process faults (bench/soak)
#                         FAILOVER=1: on a primary + synchronous standby of its own, failed over mid-soak
#   make compose-schema   the Compose Specification JSON schema, for tests/integration
#   make browser          Debian's chromium + chromium-driver, for the dashboard test
#   make proto            regenerate tape/rpc/v1/, sdk/typescript/proto/, sdk/go/tapepb/ and
#                         sdk/java/src/main/java/dev/tape/proto/ from proto/tape/v1/tape.proto (committed)
#   make test-ts          the TypeScript SDK's tests (npm ci, then node --test) against tape server,
#                         and the packed tape-ts installed in a temp project
#   make sdk-parity       the Python, TypeScript, Go and Java dispatchers through the same scenarios
#                         against one tape server (scripts/sdk_parity.py; docs/dispatchers.md)
#   make toolchain-go     Debian's Go, protoc and Go packages the Go SDK builds from (apt-get, when missing)
#   make go               sdk/go/bin/tape-outbox, built offline (sdk/go/README.md)
#   make test-go          go vet + go test of the Go SDK (sdk/go)
#   make toolchain-java   Debian's JDK, Maven, protoc + grpc-java plugin and the jars the Java SDK
#                         builds from, offline (apt-get, only what is missing)
#   make java             the Java SDK (sdk/java): mvn package + the runtime classpath, offline
#   make test-java        the Java SDK's JUnit tests (mvn test, offline)
#   make demo-frameworks  tape init --framework adk|langgraph|pydantic-ai|openai-agents, then each one's
#                         tape dev --kill-resume-demo (a real SIGKILL mid-wire; ~1 min each)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TS_SDK := sdk/typescript
TS_STAMP := $(TS_SDK)/node_modules/.installed
STAMP := $(VENV)/.installed
# The extras `make install` installs: dev tools and every optional integration the tests use.
EXTRAS := dev,adk,events,ui,grpc,langgraph,pydantic-ai,openai-agents
PYTEST_ARGS ?=
# Effects in a soak run, and more options (make soak N=500 SOAK_ARGS=--keep-logs).
N ?= 10000
SOAK_ARGS ?=
# FAILOVER=1: the soak on its own Postgres primary and synchronous standby, failed over mid-soak.
FAILOVER ?=

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

.PHONY: help install lint docs format typecheck test test-unit test-integration \
	test-acceptance test-migration compose-schema browser bench bench-outbox bench-reactions soak \
	dev clean distclean proto test-ts sdk-parity bench-rpc demo-frameworks bench-scale bench-peers \
	bench-agents bench-scale-out bench-journal toolchain-go go test-go \
	toolchain-java java test-java

help:
	@echo "targets: install lint docs format typecheck test test-unit test-integration"
	@echo "         test-acceptance test-migration compose-schema browser bench bench-outbox"
	@echo "         bench-rpc bench-reactions bench-scale bench-peers bench-agents"
	@echo "         bench-scale-out bench-journal soak dev"
	@echo "         proto test-ts sdk-parity toolchain-go go test-go demo-frameworks clean distclean"
	@echo "         toolchain-java java test-java"

# The Go and Java SDKs' toolchains come from Debian (installed when missing, as `browser` does).
install: $(STAMP) toolchain-go toolchain-java

# Re-installs only when pyproject.toml changes (or the venv is new).
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[$(EXTRAS)]"
	@touch $@

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/import_cycles.py
	$(BIN)/mkdocs build --strict --quiet

# MkDocs with its built-in theme and no plugins, so the build needs no network. Strict: a
# broken link or anchor, or a page missing from mkdocs.yml's nav, fails it.
docs: $(STAMP)
	$(BIN)/mkdocs build --strict

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

# The dashboard test drives Debian's chromium through chromium-driver; nothing is downloaded
# at run time. Installed with apt-get when missing (root, as on CI); silent when present. A
# failed install does not stop the run: the browser test then fails and says what is missing.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then \
		echo "installing chromium and chromium-driver (apt-get) for the dashboard test"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends chromium chromium-driver; } >/dev/null 2>&1 \
		|| echo "warning: could not install chromium/chromium-driver with apt-get" >&2; \
	fi

test: $(STAMP) $(TS_STAMP) compose-schema browser toolchain-go toolchain-java
	$(BIN)/pytest -q --durations=25 tests $(PYTEST_ARGS)
	$(MAKE) --no-print-directory test-ts sdk-parity


# npm ci installs exactly package-lock.json (again only when it changes).
$(TS_STAMP): $(TS_SDK)/package-lock.json
	cd $(TS_SDK) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test-ts: $(STAMP) $(TS_STAMP)
	cd $(TS_SDK) && TAPE_PYTHON=$(CURDIR)/$(BIN)/python node --test test/*.test.js

# The Java SDK builds offline from Debian's packages: Maven runs with -o over /usr/share/maven-repo
# (sdk/java/.mvn/maven.config), where these install their poms and jars. Installed with apt-get
# when one is missing (root, as on CI); silent when all are present. A failed install does not
# stop the run: the build then fails and says what is missing.
JAVA_SDK := sdk/java
JAVA_PACKAGES := openjdk-17-jdk-headless maven protobuf-compiler \
	protobuf-compiler-grpc-java-plugin libgrpc-java libprotobuf-java libnetty-java \
	libperfmark-java libgoogle-gson-java libanimal-sniffer-java libgoogle-common-protos-java \
	libgeronimo-annotation-1.3-spec-java libmaven-resources-plugin-java \
	libmaven-compiler-plugin-java libmaven-jar-plugin-java libmaven-dependency-plugin-java \
	libmaven-shade-plugin-java libsurefire-java junit5

toolchain-java:
	@missing=$$(for p in $(JAVA_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing $$(echo $$missing) (apt-get) for the Java SDK"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $$missing; } >/dev/null 2>&1 \
		|| echo "warning: could not install the Java SDK's packages with apt-get" >&2; \
	fi

# The seed's two command lines, as written (sdk/java/README.md).
java: toolchain-java
	cd $(JAVA_SDK) && mvn -q -DskipTests package
	cd $(JAVA_SDK) && mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=runtime

test-java: toolchain-java
	cd $(JAVA_SDK) && mvn -q test

# `go` and `java` build sdk/go/bin/tape-outbox and sdk/java/target/{classes,cp.txt}; a language
# whose dispatcher is missing fails its rows (never skipped). While working on one language:
#   .venv/bin/python scripts/sdk_parity.py --languages python,typescript --scenarios race
sdk-parity: $(STAMP) $(TS_STAMP) go java
	$(BIN)/python scripts/sdk_parity.py

proto: $(STAMP) toolchain-java
	scripts/gen_proto.sh

# The Go SDK builds offline: sdk/go/vendor/ links each module it needs to Debian's copy under
# /usr/share/gocode (scripts/go_vendor.sh), so no module proxy is asked. Debian's packages are
# installed with apt-get when go, protoc, protoc-gen-go-grpc or a linked module is missing
# (root, as on CI); silent when present. A failed install does not stop the run: the build
# then fails and says what is missing. GOFLAGS=-mod=vendor whatever the caller's GOFLAGS say.
GO_SDK := sdk/go
GO_RUN := GOFLAGS=-mod=vendor go
GO_DEBIAN_PACKAGES := golang-go protobuf-compiler protoc-gen-go-grpc golang-google-grpc-dev \
	golang-google-protobuf-dev golang-golang-x-net-dev golang-golang-x-sys-dev \
	golang-golang-x-text-dev golang-google-genproto-dev

toolchain-go:
	@if ! command -v go >/dev/null 2>&1 || ! command -v protoc >/dev/null 2>&1 \
		|| ! command -v protoc-gen-go-grpc >/dev/null 2>&1 \
		|| [ -n "$$(find $(GO_SDK)/vendor -type l ! -exec test -e {} \; -print)" ]; then \
		echo "installing Debian's Go toolchain and Go packages (apt-get) for the Go SDK"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $(GO_DEBIAN_PACKAGES); } >/dev/null 2>&1 \
		|| echo "warning: could not install the Go toolchain with apt-get" >&2; \
	fi

go: toolchain-go
	cd $(GO_SDK) && $(GO_RUN) build -o bin/tape-outbox ./cmd/tape-outbox

test-go: toolchain-go
	cd $(GO_SDK) && $(GO_RUN) vet ./... && $(GO_RUN) test -race ./...

test-unit: $(STAMP)
	$(BIN)/pytest -q tests/unit $(PYTEST_ARGS)

test-integration: $(STAMP) compose-schema
	$(BIN)/pytest -q tests/integration $(PYTEST_ARGS)

test-acceptance: $(STAMP) browser
	$(BIN)/pytest -q tests/acceptance $(PYTEST_ARGS)

test-migration: $(STAMP)
	$(BIN)/pytest -q tests/migration $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/journal.py

bench-journal: $(STAMP)
	$(BIN)/python bench/journal.py --writers 1,2,4,8,16

bench-outbox: $(STAMP)
	$(BIN)/python bench/outbox.py

bench-reactions: $(STAMP)
	$(BIN)/python bench/reactions.py

bench-rpc: $(STAMP)
	$(BIN)/python bench/rpc.py

bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py

bench-scale-out: $(STAMP)
	$(BIN)/python bench/scale_out.py

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

bench-agents: $(PEERS_STAMP)
	$(PEERS_VENV)/bin/python bench/agents.py

# Not part of the default suite: several minutes. SOAK_RESTART_POSTGRES=1 also restarts the
# local Postgres cluster (it disturbs everyone using it). See CONTRIBUTING.md.
soak: $(STAMP)
	PYTHONPATH=bench $(BIN)/python -m soak --effects $(N) $(if $(filter 1,$(FAILOVER)),--failover) $(SOAK_ARGS)

dev: $(STAMP)
	$(BIN)/tape dev

# Not part of the default suite (slow): each framework's scaffold must end its demo with the
# contract line. The project goes on PYTHONPATH instead of `pip install -e .` (as in
# tests/acceptance/test_dev_demo.py).
DEMO_FRAMEWORKS ?= adk langgraph pydantic-ai openai-agents
demo-frameworks: $(STAMP)
	@set -e; for fw in $(DEMO_FRAMEWORKS); do \
		dir=$$(mktemp -d); \
		(cd $$dir && $(CURDIR)/$(BIN)/tape init demo --framework $$fw >/dev/null); \
		echo "== $$fw ($$dir/demo)"; \
		(cd $$dir/demo && PYTHONPATH=$$dir/demo $(CURDIR)/$(BIN)/tape dev --kill-resume-demo \
			--timeout 120 | tee demo.out); \
		tail -1 $$dir/demo/demo.out | grep -qx 'ASSERT: upstream observed exactly 1 wire ✓'; \
		rm -rf $$dir; \
	done

# Removes caches, build output and the dev journal (.tape/); keeps .venv.
clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis .tape build dist bench/out
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name '*.egg-info' -type d -exec rm -rf {} +

# clean, and the venv and downloads (.cache/) too.
distclean: clean
	rm -rf $(VENV) .cache

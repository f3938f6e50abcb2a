# The two commands a newcomer needs: `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# pytest-xdist workers for `make test` (0: one process); each test file runs in one worker,
# so its module-scoped plugin and emulator processes are started once.
PYTEST_JOBS ?= 2
# `make test` ends with `make pythons` (the fast tests on Python 3.10 and 3.13); PYTHONS=no skips it.
PYTHONS ?= yes

.PHONY: test pythons demo venv lint engine bench bench-floor bench-gateway bench-exactly-once bench-adopt schema codegen sdk node-sdk dist reference clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

engine:
	@scripts/ensure-pulumi >/dev/null

# ruff, then mypy strictly on pulumi_qoder/ ([tool.mypy] in pyproject.toml lists the exceptions)
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# Every test, the engine tests included: a missing pulumi CLI fails the run instead of
# skipping, and a run that collects no test fails too (pytest's exit code 5).
test: venv lint
	PULUMI_QODER_CLI_DIR="$$(scripts/ensure-pulumi)" && export PULUMI_QODER_CLI_DIR && \
	QODER_REQUIRE_ENGINE=1 scripts/pytest-strict $(PY) -n $(PYTEST_JOBS) --dist loadfile \
	  --durations=25 $(PYTEST_ARGS)
	@[ "$(PYTHONS)" = no ] || $(MAKE) --no-print-directory pythons

# The fast tests (no pulumi CLI) again on the oldest and the newest Python the package claims,
# 3.10 and 3.13 (noxfile.py): a missing interpreter skips its session, and fails it in CI.
pythons: venv
	$(VENV)/bin/nox --no-color

demo: venv
	PULUMI_QODER_CLI_DIR="$$(scripts/ensure-pulumi)" && export PULUMI_QODER_CLI_DIR && \
	$(PY) examples/demo.py

bench: venv
	PULUMI_QODER_CLI_DIR="$$(scripts/ensure-pulumi)" && export PULUMI_QODER_CLI_DIR && \
	$(PY) -m bench

# The native plugin against a provider that costs nothing, same YAML program and CLI (~10 min).
bench-floor: venv
	PULUMI_QODER_CLI_DIR="$$(scripts/ensure-pulumi)" && export PULUMI_QODER_CLI_DIR && \
	$(PY) -m bench.floor

# Stacks at the API's real pace: 80 ms ±25 % latency, 20 writes/s and 50 reads/s per token
# (BENCH_ARGS="--stacks 3 --deployments 200", or "--dynamic --deployments 100").
bench-gateway: venv
	PULUMI_QODER_CLI_DIR="$$(scripts/ensure-pulumi)" && export PULUMI_QODER_CLI_DIR && \
	$(PY) -m bench.gateway $(BENCH_ARGS)

# Kills and fault storms through the real engine (10 seeds x 100, 10 kills x 50; ~15 min).
bench-exactly-once: venv
	PULUMI_QODER_CLI_DIR="$$(scripts/ensure-pulumi)" && export PULUMI_QODER_CLI_DIR && \
	$(PY) -m bench.exactly_once

# 1,000 live deployments made on the API: import-file for all and a prefix of 300, then
# `pulumi import --file` of the 300 through the CLI with its API writes (0) (~2 min)
bench-adopt: venv
	PULUMI_QODER_CLI_DIR="$$(scripts/ensure-pulumi)" && export PULUMI_QODER_CLI_DIR && \
	$(PY) -m bench.adopt

# Everything made from the field tables in pulumi_qoder/core/fields: schema.json (the repository
# root; the wheel ships it as pulumi_qoder/schema.json) and the generated sections of the Python
# modules (`codegen`); a test fails while either is stale
schema: venv codegen
	$(PY) -m pulumi_qoder.native.schemagen

# The marked sections of dynamic/deployment.py, dynamic/deployment_run.py, client/params.py and
# client/models.py
codegen: venv
	$(PY) -m pulumi_qoder.core.fields.codegen

# sdk/nodejs and sdk/go from schema.json by `pulumi package gen-sdk` (a test fails while stale)
sdk: venv
	$(PY) scripts/gen-sdk --pulumi "$$(scripts/ensure-pulumi)"

# dist/pulumi-qoder-qoder-<version>.tgz: sdk/nodejs compiled and packed, for `file:` dependencies
node-sdk:
	python3 scripts/pack-node-sdk

# Every release asset in dist/: wheel, sdist, the plugin archives, the Node SDK, SHA256SUMS
# (scripts/build-dist; it refuses to build while a manifest's version or server disagrees)
dist: venv
	$(PY) scripts/build-dist

# docs/reference/ from schema.json and docs/reference/examples/ (a test fails while stale)
reference: venv
	$(PY) scripts/gen-reference

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache

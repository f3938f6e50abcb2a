# The two commands a newcomer needs: `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# pytest-xdist workers for `make test` (0: one process); each test file runs in one worker,
# so its module-scoped plugin and emulator processes are started once.
PYTEST_JOBS ?= 2

.PHONY: test demo venv lint engine bench bench-floor bench-exactly-once schema sdk node-sdk dist reference clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

engine:
	@scripts/ensure-pulumi >/dev/null

lint: venv
	$(VENV)/bin/ruff check .

# Every test, the engine tests included: a missing pulumi CLI fails the run instead of
# skipping, and a run that collects no test fails too (pytest's exit code 5).
test: venv lint
	PULUMI_QODER_CLI_DIR="$$(scripts/ensure-pulumi)" && export PULUMI_QODER_CLI_DIR && \
	QODER_REQUIRE_ENGINE=1 scripts/pytest-strict $(PY) -n $(PYTEST_JOBS) --dist loadfile \
	  --durations=25 $(PYTEST_ARGS)

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

# Kills and fault storms through the real engine (10 seeds x 100, 10 kills x 50; ~15 min).
bench-exactly-once: venv
	PULUMI_QODER_CLI_DIR="$$(scripts/ensure-pulumi)" && export PULUMI_QODER_CLI_DIR && \
	$(PY) -m bench.exactly_once
# pulumi_qoder/schema.json from the field tables in pulumi_qoder/core/fields (a test fails while stale)
schema: venv
	$(PY) -m pulumi_qoder.native.schemagen

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
	rm -rf $(VENV) .pytest_cache .ruff_cache

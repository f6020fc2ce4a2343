# planworks: every target bootstraps .venv from the project's own files first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= planworks.db
# what `make run` does once the replays are loaded: serve the dashboard until Ctrl+C
# (CI passes SERVE=--check-pages: serve, read the main pages over HTTP once, stop)
SERVE ?= --serve
# the chart library the pages serve themselves, from the npm registry (web/package-lock.json)
ECHARTS := src/planworks/web/static/vendor/echarts.min.js

.PHONY: run test check lint format bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "needs $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Installed again whenever web/package-lock.json is newer than the copy the pages serve.
# Without npm the pages still work: they show their tables without the charts.
$(ECHARTS): web/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix web --no-audit --no-fund && \
		mkdir -p $(@D) && cp web/node_modules/echarts/dist/echarts.min.js $@; \
	else \
		echo "npm not found: the pages will show their tables without charts"; \
	fi

## run: load the seed replays into the embedded database, show their figures, serve the dashboard
run: $(STAMP) $(ECHARTS)
	$(BIN)/planworks demo --db $(DB) $(SERVE)

## test: the whole suite, against SQLite and PostgreSQL
test: $(STAMP) $(ECHARTS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## check: lint, format check and strict typing
check: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

## bench: benchmarks with JSON output in benchmarks/results/ (FULL=1 for the issue-size runs)
bench: $(STAMP)
	$(BIN)/python -m benchmarks $(if $(FULL),--full,)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache web/node_modules $(ECHARTS)

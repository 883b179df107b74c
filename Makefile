# ballottage — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint typecheck unit browser-deps bench lock bundle clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime dependencies only (pinned, with hashes), then the package itself.
$(VENV)/.main: requirements/main.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/main.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Runtime + development dependencies (tests, linters, browser driver).
$(VENV)/.dev: requirements/dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@ $(VENV)/.main

demo: $(VENV)/.main
	$(BIN)/ballottage demo
	$(BIN)/ballottage report all -o report.html

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

browser-deps:
	@bash scripts/ensure-chromium.sh

# The whole suite; the law must stay covered (coverage floor on src/ballottage/law).
unit: $(VENV)/.dev browser-deps
	$(BIN)/pytest --cov=ballottage.law --cov-report=term --cov-fail-under=97

test: lint unit

bench: $(VENV)/.dev
	$(BIN)/python bench/law.py
	$(BIN)/python bench/simulate.py
	$(BIN)/python bench/import.py
	$(BIN)/python bench/transfers.py

# Regenerate the lock files after changing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -o requirements/main.lock
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -q -o requirements/dev.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache report.html

# ballottage — two commands on a fresh machine: `make demo` and `make test`.
#
# Setup that cannot rot: the venv comes from `python3 -m venv` with whatever pip the interpreter
# bundles; that pip only installs one hash-pinned wheel, the installer uv (requirements/installer.lock,
# no dependencies, so any pip can check it). uv then installs the hash-pinned locks exactly
# (`uv pip sync`), whatever releases appear upstream after the locks were made.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EI_VENV := .venv-ei
INSTALLER := .venv-installer
UV     := $(INSTALLER)/bin/uv
SYNC    = $(UV) pip sync --quiet --require-hashes --python
EDITABLE = $(UV) pip install --quiet --no-deps --python
# Commands start on compiled bytecode: the locked packages are compiled once installed, and the
# package itself (an editable install, whose .pyc Python may never write, e.g. under
# PYTHONDONTWRITEBYTECODE) too; otherwise every run recompiles ~100 modules (+250 ms). Not the
# packages' own test suites nor the tools that never start a command (pip, setuptools, mypy):
# ~75 MB of bytecode nothing loads.
COMPILE_SITE = -m compileall -q -j 0 -x '/(tests|pip|setuptools|_distutils_hack|mypy|mypyc)/' $(VENV)/lib
COMPILE_SRC = -m compileall -q src

.PHONY: demo test test-ei lint unit browser-deps bench lock bundle clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip --version

# The installer lives beside the venv, not in it: it builds the environment, it is not part of it
# (and no sync can touch it).
$(UV): requirements/installer.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps --target $(INSTALLER) -r requirements/installer.lock
	touch $@

# Runtime dependencies only (pinned, with hashes), then the package itself.
$(VENV)/.main: requirements/main.lock pyproject.toml | $(UV)
	$(SYNC) $(BIN)/python requirements/main.lock
	$(EDITABLE) $(BIN)/python -e .
	$(BIN)/python $(COMPILE_SITE)
	$(BIN)/python $(COMPILE_SRC)
	touch $@

# Runtime + development dependencies (tests, linters, browser driver); not PyEI (see test-ei).
$(VENV)/.dev: requirements/dev.lock pyproject.toml | $(UV)
	$(SYNC) $(BIN)/python requirements/dev.lock
	$(EDITABLE) $(BIN)/python -e .
	$(BIN)/python $(COMPILE_SITE)
	$(BIN)/python $(COMPILE_SRC)
	touch $@ $(VENV)/.main

# The optional extra [ei] (PyEI with JAX/PyMC, ~1 GB) lives in its own venv, so .venv stays lean.
$(EI_VENV)/.ei: requirements/ei.lock pyproject.toml | $(UV)
	$(PYTHON) -m venv $(EI_VENV)
	$(SYNC) $(EI_VENV)/bin/python requirements/ei.lock
	$(EDITABLE) $(EI_VENV)/bin/python -e .
	touch $@

demo: $(VENV)/.main
	$(BIN)/ballottage demo
	$(BIN)/ballottage report all -o report.html

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

browser-deps:
	@bash scripts/ensure-chromium.sh

# The whole default suite (browser tests included) on every core, one test file per worker at a
# time (its fixtures built once); the law must stay covered.
unit: $(VENV)/.dev browser-deps
	$(BIN)/pytest -m "not ei" -n auto --dist loadfile --cov=ballottage.law --cov-report=term --cov-fail-under=97

test: lint unit

# The tests of the optional hierarchical transfer estimate (PyEI), in their own venv.
test-ei: $(EI_VENV)/.ei
	$(EI_VENV)/bin/pytest -m ei

bench: $(VENV)/.dev
	$(BIN)/python $(COMPILE_SRC)
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/law.py
	$(BIN)/python bench/simulate.py
	$(BIN)/python bench/import.py
	$(BIN)/python bench/transfers.py
	$(BIN)/python bench/live.py

# Regenerate the lock files after changing pyproject.toml (uv keeps the pins it can).
lock: | $(UV)
	$(UV) pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -o requirements/main.lock
	$(UV) pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -q -o requirements/dev.lock
	$(UV) pip compile pyproject.toml --extra dev --extra ei --generate-hashes --python-version 3.11 -q -o requirements/ei.lock
	$(UV) pip compile requirements/installer.in --generate-hashes -q -o requirements/installer.lock

clean:
	rm -rf $(VENV) $(EI_VENV) $(INSTALLER) .pytest_cache .mypy_cache .ruff_cache report.html

# The README's two commands: `make run` (the product, with demo data) and `make test` (the suite).
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Tests run on every core (pytest-xdist); PYTEST_ARGS= (empty) runs them in one process.
PYTEST_ARGS ?= -n auto

.PHONY: install test lint format run bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@if [ -f src/osteoload/manage.py ] || [ -d src/osteoload/locale ]; then DEBUG=1 $(PY) -m osteoload.cli manage compilemessages --ignore=.venv >/dev/null 2>&1 || true; fi
	touch $(STAMP)

install: $(STAMP)

test: install
	DEBUG=1 $(PY) -m osteoload.cli manage compilemessages --ignore=.venv >/dev/null 2>&1 || true
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

run: install
	$(PY) -m osteoload.cli serve

bench: install
	$(PY) benchmarks/run.py
	$(PY) benchmarks/reports.py
	$(PY) benchmarks/pages.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

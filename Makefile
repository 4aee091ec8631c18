# Two entry points (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: install demo test lint clean

# Install everything, pinned by constraints.txt, into a virtual environment.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The main job on the bundled sample documents: ingest, build the warehouse, check the documents.
demo: install
	$(BIN)/jixiao ingest data/samples
	$(BIN)/jixiao build
	$(BIN)/jixiao check

# Lint and the whole test suite.
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) target logs warehouse/*.duckdb

# Two entry points (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: install browser libreoffice fixtures demo test lint clean

# Install everything, pinned by constraints.txt, into a virtual environment.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The main job on the bundled sample documents: ingest, build the warehouse, check the documents,
# then serve the dashboard (Ctrl-C stops it).
demo: install
	$(BIN)/jixiao ingest data/samples
	$(BIN)/jixiao build
	$(BIN)/jixiao check
	$(BIN)/jixiao dashboard

# Debian's Chromium and a Chinese font for the browser test (Playwright drives it; nothing is
# downloaded at run time).
browser:
	@(command -v chromium && fc-list | grep -qi wenquanyi) >/dev/null 2>&1 || \
		(apt-get update -q && apt-get install -y -q chromium fonts-wqy-microhei)

# LibreOffice from Debian's packages: converts legacy .doc files (ingest) and builds the fixtures.
libreoffice:
	@command -v soffice >/dev/null 2>&1 || \
		(apt-get update -q && apt-get install -y -q --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui)

# The samples as .docx/.xlsx/.html/.pdf/.doc/.xls in tests/fixtures/formats (committed).
fixtures: install
	$(BIN)/python scripts/build_fixtures.py

# Lint and the whole test suite.
test: install browser libreoffice
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) target logs warehouse/*.duckdb warehouse/*.duckdb.gx gx

.PHONY: run test lint format check install install-dev clean

# Python 3.11 creates the virtual environment; override with `make run PYTHON=/path/to/python3.11`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime

install-dev: $(VENV)/.dev

# A local development server: DEBUG on, SQLite and on-disk media unless the environment says otherwise.
run: export DEBUG ?= 1
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo_content
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver $(HOST_PORT)

# axe-core for the accessibility tests, from package-lock.json. Without Node.js those tests skip (CI fails them).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --prefer-offline; \
	else echo "npm not found: the accessibility (axe) browser tests will be skipped"; fi

test: install-dev node_modules/.package-lock.json
	$(PY) -m pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: export DEBUG ?= 1
check: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts .pytest_cache .ruff_cache

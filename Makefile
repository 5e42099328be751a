.PHONY: run serve bench test lint format check audit observatory screenshots install install-dev clean publish-scheduled

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

# A developer checkout runs with DEBUG on; production sets its own environment and has no .env.
.env:
	printf '# Local development settings (git-ignored). See the README for every variable.\nDEBUG=1\n' > $@

install: $(VENV)/.runtime .env

install-dev: $(VENV)/.dev .env

# A local development server: DEBUG on, SQLite and on-disk media unless the environment says otherwise.
run: export DEBUG ?= 1
run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST_PORT)
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo_content
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver $(HOST_PORT)

# The production profile on this machine (DEBUG off, collected static files, gunicorn with
# deploy/gunicorn.conf.py) on 127.0.0.1. The environment's SECRET_KEY, DATABASE_URL, REDIS_URL and SITE_URL
# win; without SECRET_KEY a key is made once and kept in .make/ (git-ignored), so restarts log no one out.
serve: export DEBUG = 0
serve: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export SITE_URL ?= http://$(HOST_PORT)
serve: export SECURE_SSL_REDIRECT ?= 0
serve: export EMAIL_QUEUE ?= immediate
serve: export SERVE_MEDIA ?= 1
serve: export GUNICORN_BIND ?= $(HOST_PORT)
serve: install .make/serve-secret-key
	SECRET_KEY="$${SECRET_KEY:-$$(cat .make/serve-secret-key)}" $(PY) manage.py collectstatic --no-input -v0
	SECRET_KEY="$${SECRET_KEY:-$$(cat .make/serve-secret-key)}" $(PY) manage.py migrate --no-input
	@echo "Serving the production profile on http://$(HOST_PORT)/"
	SECRET_KEY="$${SECRET_KEY:-$$(cat .make/serve-secret-key)}" $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi

.make/serve-secret-key: | $(PY)
	mkdir -p .make
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Load test of the production profile on loopback (wrk from Debian), paired against a static file.
bench: install
	$(PY) -m tools.bench.bench

# axe-core, vnu-jar and stylelint from package-lock.json. Without Node.js their tests and lint skip (CI fails them).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --prefer-offline; \
	else echo "npm not found: the accessibility (axe) browser tests will be skipped"; fi

test: install-dev node_modules/.package-lock.json
	$(PY) -m pytest

# stylelint (npm, pinned in package.json) keeps site.css valid: without Node.js it is skipped, except in CI.
lint: install-dev node_modules/.package-lock.json
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@if [ -x node_modules/.bin/stylelint ]; then node_modules/.bin/stylelint "static/**/*.css"; \
	elif [ -n "$$CI" ]; then echo "stylelint missing: run npm ci" >&2; exit 1; \
	else echo "npm not found: stylelint skipped"; fi

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: export DEBUG ?= 1
check: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Publishes pages whose "Go live" time has passed and unpublishes expired ones. Run every few minutes
# from cron or a systemd timer in production (see README, "For editors").
publish-scheduled: install
	$(PY) manage.py publish_scheduled

# Lighthouse (npm, kept in tools/audit/) on a production-like local server with the demo content.
# Needs Node 20 and Debian's Chromium; not part of `make test`.
tools/audit/node_modules/.bin/lighthouse: tools/audit/package.json tools/audit/package-lock.json
	cd tools/audit && npm ci --no-audit --no-fund
	touch $@

audit: install tools/audit/node_modules/.bin/lighthouse
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) -m tools.audit.audit

# MDN HTTP Observatory's scanner (npm, kept in tools/observatory/) on the production profile behind nginx over
# TLS; fails unless home, guide and booking grade A+. Needs nginx, openssl and Node 20; not part of `make test`.
# Installed without install scripts: none is needed to scan, and one downloads a CA bundle from the network.
tools/observatory/node_modules/.package-lock.json: tools/observatory/package.json tools/observatory/package-lock.json
	cd tools/observatory && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

observatory: install tools/observatory/node_modules/.package-lock.json
	$(PY) -m tools.observatory.observatory

# PNGs of every page type at 390 px and 1366 px under test-artifacts/screenshots/, on the production profile.
screenshots: install-dev
	$(PY) -m tools.screenshots.screenshots

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts .pytest_cache .ruff_cache

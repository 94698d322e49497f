# Plenary: `make run` to start the site, `make test` to run every test. `make help` lists the rest.
SHELL := /bin/bash
PORT ?= 8000
N ?= 100000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= config.settings.local
# The address every e-mail, feed, export and report links to: the port served unless given (SITE_URL=https://...).
SITE_URL ?= http://127.0.0.1:$(PORT)
export PLENARY_SITE_URL ?= $(SITE_URL)

.DEFAULT_GOAL := help
.PHONY: help setup db run worker test test-sqlite test-postgres check format bench messages clean

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@python=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $$python"; $$python -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## Create the virtual environment and install the pinned dependencies
	@scripts/system-deps

db: setup ## Migrate the SQLite database and load the sample group (idempotent)
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py reindex --if-empty
	$(PY) manage.py load_sample --demo-accounts

run: db ## Set up everything and serve http://127.0.0.1:$(PORT) with a task worker (links use SITE_URL)
	@PORT=$(PORT) PLENARY_SITE_URL=$(PLENARY_SITE_URL) scripts/serve

worker: setup ## Run only the task worker
	$(PY) manage.py db_worker

test: setup ## Run the whole suite on SQLite, then on PostgreSQL when DATABASE_URL names it
	@$(MAKE) --no-print-directory test-sqlite
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "DATABASE_URL does not name PostgreSQL: the PostgreSQL pass was skipped."; fi

test-sqlite: setup
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -n 2 --dist loadfile

test-postgres: setup
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -n 2 --dist loadfile --ignore=tests/insight -m "not browser"

check: setup ## Lint, format check and missing-migration check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v1

format: setup ## Format the code and apply safe lint fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup ## Benchmark the analysis engine on N synthetic records (make bench N=1000000)
	$(PY) bench/insight_bench.py --records $(N)

messages: setup ## Refresh the translation catalogues of the six UN languages (needs GNU gettext)
	$(PY) manage.py makemessages -l fr -l es -l ru -l zh_Hans -l ar --ignore=.venv --ignore=var --ignore=insight \
		--ignore=bench --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var

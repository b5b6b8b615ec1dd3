# CM Hub — every command a developer needs. `make` alone prints this help.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test lint format check install install-dev messages clean services browser

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-base: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.installed-dev: requirements/dev.txt requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	@touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base ## Create the virtualenv and install pinned dependencies

install-dev: $(VENV)/.installed-dev ## Install the test and lint tools too

messages: install ## Compile the translation catalogues (.po -> .mo)
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

run: install messages ## Set up everything (SQLite, demo content, search index) and serve on http://127.0.0.1:8000
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) update_index
	@$(MANAGE) load_demo --logins-only
	@echo "Serving CM Hub on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(MANAGE) runserver $(HOST):$(PORT)

services: ## Once per machine: install and start PostgreSQL 15, Redis, Chromium and wrk (Debian packages; needs root)
	bash bin/services

browser: ## Install Debian's chromium for the browser tests when it is missing (needs root)
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian's chromium for the browser tests"; \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
		else \
			echo "Browser tests will be skipped: run 'sudo apt-get install chromium' (or 'make services') first"; \
		fi; \
	fi

test: install-dev messages browser ## Run the whole test suite on SQLite, on PostgreSQL when DATABASE_URL points at it, then the search tests on a real OpenSearch node
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	env -u DATABASE_URL $(BIN)/pytest
	@if echo "$$DATABASE_URL" | grep -q '^postgres'; then \
		echo "=== Again on PostgreSQL ($$DATABASE_URL) ==="; \
		$(BIN)/pytest; \
	fi
	@$(MAKE) --no-print-directory test-search-node

# The search tests again on a real OpenSearch node (bin/search-node, docs/search.md),
# on SQLite. Skipped when the node cannot start, unless CMHUB_SEARCH_NODE_REQUIRED=1 (CI).
.PHONY: test-search-node
test-search-node: install-dev messages ## Run the search tests on a real OpenSearch node (started, then stopped, by bin/search-node)
	@running=$$(bash bin/search-node status | grep -c running || true); \
	if url=$$(bash bin/search-node start); then \
		echo "=== Again on a real OpenSearch node ($$url): the search tests ==="; \
		CMHUB_TEST_SEARCH_URL=$$url env -u DATABASE_URL $(BIN)/pytest tests/search -m "not own_engine"; \
		status=$$?; \
		[ "$$running" != 0 ] || bash bin/search-node stop; \
		exit $$status; \
	elif [ "$${CMHUB_SEARCH_NODE_REQUIRED:-0}" != 0 ]; then \
		echo "The search node could not start, and CMHUB_SEARCH_NODE_REQUIRED is set" >&2; \
		exit 1; \
	else \
		echo "=== Skipped: the search tests on a real node (bin/search-node start failed; see above) ==="; \
	fi

lint: install-dev ## Lint Python (ruff), templates (djhtml) and the apps' layers (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports

format: install-dev ## Format Python and templates in place
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

# Search benchmarks (bench/README.md): SQLite always, PostgreSQL when reachable
# (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/cmhub_bench).
BENCH_CORPUS ?= 300
BENCH_SIZES ?= 10000,50000
BENCH_RUNS ?= 30
# Load benchmark (bench/README.md): gunicorn + wrk as logged-in members on a
# generated data set, with the bare-Django ceiling; needs PostgreSQL and wrk.
BENCH_SCALE ?= 10000
BENCH_BIG_SCALE ?= 50000
BENCH_DURATION ?= 8
.PHONY: bench bench-search
bench: install ## Load benchmark: every page kind under wrk vs the bare-Django ceiling, search at 10k/50k
	@command -v wrk >/dev/null || (echo "Installing Debian's wrk"; apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/load.py --scale $(BENCH_SCALE) --big-scale $(BENCH_BIG_SCALE) --duration $(BENCH_DURATION)

.PHONY: search-node search-node-stop
search-node: ## Build (once, from Maven Central) and start a real OpenSearch node on 127.0.0.1:9250 (bin/search-node)
	bash bin/search-node start

search-node-stop: ## Stop the OpenSearch node(s) started by `make search-node`
	bash bin/search-node stop

bench-search: install ## Search benchmarks: relevance vs Wagtail, then latency at 10k/50k documents
	$(BIN)/python bench/search_relevance.py --corpus $(BENCH_CORPUS)
	$(BIN)/python bench/search_latency.py --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS)

# Backups (docs/operations.md): database + media + manifest in one archive.
# BACKUP_DIR (default backups/) is where `backup` writes; `restore` needs BACKUP.
BACKUP_DIR ?= backups
.PHONY: backup restore
backup: install ## Back up the database and the media into BACKUP_DIR (default backups/)
	$(MANAGE) backup --output $(BACKUP_DIR)

restore: install ## Restore an archive, replacing database and media: make restore BACKUP=file.tar.gz
	$(if $(BACKUP),,$(error BACKUP is not set. Usage: make restore BACKUP=backups/cmhub-backup-YYYYmmdd-HHMMSS.tar.gz))
	$(MANAGE) restore $(BACKUP)

# Screenshots (docs/testing.md): a throwaway demo site in .screenshots.sqlite3 and
# .screenshots-media/, photographed by Debian's chromium, then removed.
SCREENSHOTS_ENV := DATABASE_URL=sqlite:///./.screenshots.sqlite3 MEDIA_ROOT=./.screenshots-media LOG_LEVEL=ERROR
SCREENSHOTS_PORT ?= 8765
.PHONY: screenshots
screenshots: install-dev messages ## Refresh docs/screenshots/*.png from a freshly loaded demo site (needs /usr/bin/chromium)
	rm -rf .screenshots.sqlite3* .screenshots-media
	$(SCREENSHOTS_ENV) $(MANAGE) migrate --noinput --verbosity 0 \
		&& $(SCREENSHOTS_ENV) $(MANAGE) load_demo \
		&& $(SCREENSHOTS_ENV) $(MANAGE) update_index \
		&& $(SCREENSHOTS_ENV) $(BIN)/python tests/e2e/screenshots.py --serve \
			--base-url http://127.0.0.1:$(SCREENSHOTS_PORT); \
	status=$$?; rm -rf .screenshots.sqlite3* .screenshots-media; exit $$status

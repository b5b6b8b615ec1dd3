# CM Hub — every command a developer needs. `make` alone prints this help.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test lint format check install install-dev messages clean

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

test: install-dev messages ## Run the whole test suite on SQLite, and on PostgreSQL when DATABASE_URL points at it
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	env -u DATABASE_URL $(BIN)/pytest
	@if echo "$$DATABASE_URL" | grep -q '^postgres'; then \
		echo "=== Again on PostgreSQL ($$DATABASE_URL) ==="; \
		$(BIN)/pytest; \
	fi

lint: install-dev ## Lint Python (ruff) and templates (djhtml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

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
.PHONY: bench-search
bench-search: install ## Search benchmarks: relevance vs Wagtail, then latency at 10k/50k documents
	$(BIN)/python bench/search_relevance.py --corpus $(BENCH_CORPUS)
	$(BIN)/python bench/search_latency.py --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS)

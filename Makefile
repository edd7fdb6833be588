# The two commands a newcomer runs: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
SCALE ?= small
export DJANGO_SETTINGS_MODULE := congress_portal.settings

.PHONY: run install install-test test test-only migrate demo serve serve-production worker bench messages lock clean help

help:
	@echo "make run      install, migrate, load the small demo, serve on http://$(HOST):$(PORT)"
	@echo "make test     install and run the whole test suite"
	@echo "make install  only install (virtual environment, pinned packages, Debian packages when possible)"
	@echo "make worker   a Celery worker with beat (needs REDIS_URL)"
	@echo "make serve-production   the documented production steps, then web, worker and beat (deploy/Procfile)"
	@echo "make bench    benchmarks on the large demo (needs DATABASE_URL)"

$(BIN)/python:
	@scripts/system-packages.sh run
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade "pip==26.3"

# Reinstall only when the pins change.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e ".[test]"
	@touch $@

install: $(VENV)/.installed
	@scripts/system-packages.sh run

install-test: $(VENV)/.installed
	@scripts/system-packages.sh test

migrate: install
	$(BIN)/python manage.py migrate --no-input -v 0

demo: migrate
	$(BIN)/python manage.py seed_demo --scale $(SCALE)

serve:
	@echo ">> Serving on http://$(HOST):$(PORT)/  (demo accounts: see README.md; password Demo@2026)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

run: demo
	@if [ -n "$$REDIS_URL" ]; then \
	  echo ">> REDIS_URL is set: starting a Celery worker with beat (log: var/worker.log)"; \
	  mkdir -p var; $(BIN)/celery -A congress_portal worker -B -l info --concurrency 2 > var/worker.log 2>&1 & \
	fi; \
	$(MAKE) --no-print-directory serve

# One machine in service (README, "Serving"): the documented steps in their order, then gunicorn, a Celery
# worker and the one beat from deploy/Procfile, run by honcho. Needs DJANGO_ENV=production and its variables.
serve-production: install
	@test "$$DJANGO_ENV" = production || { echo "!! set DJANGO_ENV=production and the variables of deploy/env.example"; exit 1; }
	$(BIN)/python manage.py collectstatic --no-input -v 1
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py compilemessages -l zh_Hans -i '.venv/*' -v 0
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f deploy/Procfile -d . start

worker: install
	$(BIN)/celery -A congress_portal worker -B -l info

test: install-test test-only

test-only:
	$(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/pip install -q -c constraints.txt -e ".[bench]"  # locust, for the voting and load benches
	$(BIN)/python bench/run.py

messages: install
	scripts/messages.sh $(BIN)/python

lock:
	$(BIN)/pip freeze --exclude-editable | grep -v "^-e" > constraints.txt

clean:
	rm -rf $(VENV) var db.sqlite3

# One task runner: `make run`, `make test`, `make lint`, `make bench`. Needs only Python 3.11 on PATH.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast test-browser lint format migrate bench screenshots cluster clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

migrate: setup
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python manage.py load_sample --if-empty
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/daphne -b $(HOST) -p $(PORT) pyconguide.asgi:application

test: setup lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest
	$(MAKE) --no-print-directory test-browser

test-browser: setup
	$(BIN)/pytest -m browser tests/browser

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

screenshots: setup
	PYCONGUIDE_SCREENSHOTS=1 $(BIN)/pytest -m screenshots tests/browser -q

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 test-db.sqlite3 staticfiles

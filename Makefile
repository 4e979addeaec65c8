# One task runner: `make run`, `make test`, `make lint`, `make bench`. Needs only Python 3.11 on PATH.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
# Test and bench tools from npm (axe-core, Lighthouse), pinned by package-lock.json. The site needs none.
NODE_STAMP := node_modules/.installed

.PHONY: chromium node-tools port-free setup run test test-fast test-browser lint format migrate bench screenshots cluster clean

# `make setup` also installs the npm test tools when npm is there; `make run` never needs them.
setup: $(STAMP)
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory node-tools; fi

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

node-tools: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "The accessibility tests and bench/lighthouse.py need Node.js 18+ and npm (Debian: apt-get install nodejs npm)." >&2; \
	  exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

migrate: setup
	$(BIN)/python manage.py migrate --noinput

# Checked before anything else, so a taken port is said at once, not after the whole set-up.
port-free:
	@$(PYTHON) -c "import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); \
	  s.bind(('$(HOST)', $(PORT)))" 2>/dev/null || { \
	  echo "Port $(PORT) on $(HOST) is already taken (another server running?). Stop it, or choose another: make run PORT=8001" >&2; \
	  exit 1; }

run: port-free migrate
	$(BIN)/python manage.py load_sample --if-empty
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/daphne -b $(HOST) -p $(PORT) --websocket-max-message-size 65536 --access-log /dev/null pyconguide.asgi:application

test: setup lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest
	$(MAKE) --no-print-directory test-browser

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
chromium:
	@[ -n "$$CHROMIUM" ] || command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium: install Debian's 'chromium' package (or set CHROMIUM=/path)." >&2; \
	    exit 1; \
	  fi; }

test-browser: setup chromium node-tools
	$(BIN)/pytest -m browser tests/browser

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

screenshots: setup chromium
	PYCONGUIDE_SCREENSHOTS=1 $(BIN)/pytest -m screenshots tests/browser -q

bench: setup
	$(BIN)/python bench/run.py

# The production layout on one machine (docs/deploy.md, "Processes"): Granian with CLUSTER_WORKERS processes
# for pages, Daphne for /ws/, and pyconguide/router.py in front on one port, sharing the local PostgreSQL
# and Redis.
CLUSTER_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pyconguide
CLUSTER_REDIS_URL ?= redis://127.0.0.1:6379/1
CLUSTER_PORT ?= 8001
CLUSTER_HTTP_PORT ?= 8002
CLUSTER_WS_PORT ?= 8003
CLUSTER_WORKERS ?= 2
cluster: setup
	createdb -h 127.0.0.1 -U postgres pyconguide 2>/dev/null || true
	DATABASE_URL=$(CLUSTER_DATABASE_URL) $(BIN)/python manage.py migrate --noinput
	DATABASE_URL=$(CLUSTER_DATABASE_URL) $(BIN)/python manage.py load_sample --if-empty
	@echo "serving on http://$(HOST):$(CLUSTER_PORT)/ (Granian x$(CLUSTER_WORKERS) for pages, Daphne for /ws/); Ctrl-C stops all"
	trap 'kill $$(jobs -p) 2>/dev/null' INT TERM EXIT; \
	export DATABASE_URL=$(CLUSTER_DATABASE_URL) REDIS_URL=$(CLUSTER_REDIS_URL); \
	$(BIN)/granian --interface asginl --host $(HOST) --port $(CLUSTER_HTTP_PORT) --workers $(CLUSTER_WORKERS) \
	  --no-ws --no-access-log --log-level warning pyconguide.asgi:application & \
	$(BIN)/daphne -b $(HOST) -p $(CLUSTER_WS_PORT) --websocket_timeout 3600 --websocket-max-message-size 65536 \
	  --access-log /dev/null pyconguide.asgi:application & \
	$(BIN)/python -m pyconguide.router --host $(HOST) --port $(CLUSTER_PORT) \
	  --http $(HOST):$(CLUSTER_HTTP_PORT) --ws $(HOST):$(CLUSTER_WS_PORT) & \
	wait

clean:
	rm -rf $(VENV) db.sqlite3 test-db.sqlite3 staticfiles

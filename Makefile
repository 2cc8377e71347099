# policygraph: the two commands a fresh machine needs.
#   make run    set up, load the five sample texts into the embedded store, serve API + graph browser
#   make test   set up (Python, the Neo4j linter, Chromium, docker-compose) and run every CI check
# Everything else here is what those two call.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test setup setup-test system-deps lint-deps check lint typecheck pytest test-slow bench clean

run: setup
	$(BIN)/policygraph serve --load-samples --host $(HOST) --port $(PORT)

test: setup-test check

# --- set-up -------------------------------------------------------------------
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

# The tests include OCR of a scanned page, so they install the optional OCR engine too.
$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[test,ocr]'
	touch $@

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test system-deps lint-deps

# Chromium (browser tests), docker-compose (offline compose-file validation), wrk (bench),
# a CJK font so browser screenshots show Chinese.
# Installed only when missing; needs root or sudo, as on CI.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium chromium-driver"; \
	command -v docker-compose >/dev/null || missing="$$missing docker-compose"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "installing Debian packages:$$missing"; \
	  $$SUDO apt-get install -y -q $$missing >/dev/null || { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q $$missing >/dev/null; }; \
	fi

# Neo4j's own Cypher linter (@neo4j-cypher/language-support), pinned in tests/lint/package.json.
lint-deps: tests/lint/node_modules/.installed
tests/lint/node_modules/.installed: tests/lint/package.json tests/lint/package-lock.json
	cd tests/lint && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# --- checks -------------------------------------------------------------------
check: lint typecheck pytest

lint:
	$(BIN)/ruff check .

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest -q

# Fault and scale tests too long for CI (kill -9 during a large load, 200 MB single line, ...).
test-slow: setup-test
	$(BIN)/pytest -q -m slow

bench: setup-test
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) tests/lint/node_modules .pytest_cache .mypy_cache .ruff_cache

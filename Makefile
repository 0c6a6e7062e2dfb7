# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check install clean ranker

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,web,ray]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/khaldun demo --db khaldun-demo.duckdb

# Browser tests drive Debian's chromium (never `playwright install`: it downloads browsers).
/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

test: $(STAMP) /usr/bin/chromium check
	$(BIN)/python -m pytest -q

check: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

# Retrain the actor/recipient ranker on the real-news dev gold (needs ../shared/data; ~2 min).
ranker: $(STAMP)
	$(BIN)/python scripts/train_ranker.py

clean:
	rm -rf $(VENV) *.duckdb test-artifacts

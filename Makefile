# Kontor: `make demo` runs the product, `make test` runs every check. Both set up
# everything they need on a fresh machine with Python 3.11+ and the package registries.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DIR ?= demo-data
DEMO_PEOPLE ?= 300
DEMO_PORT ?= 8470

.PHONY: setup demo demo-sites test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/setup.sh
	PYTHON=$(PYTHON) VENV=$(VENV) bash scripts/setup.sh
	touch $@

demo: setup
	VENV=$(VENV) DEMO_DIR=$(DEMO_DIR) DEMO_PEOPLE=$(DEMO_PEOPLE) DEMO_PORT=$(DEMO_PORT) \
		bash scripts/demo.sh

# Two federated sites (Munich :8470, Hamburg :8471), peered both ways; Ctrl+C stops both.
demo-sites: setup
	VENV=$(VENV) DEMO_PEOPLE=$(DEMO_PEOPLE) bash scripts/demo-sites.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

bench: setup
	$(BIN)/python bench/server_feed.py
	$(BIN)/python bench/initial_sync.py
	$(BIN)/python bench/desktop_start.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) build dist *.egg-info

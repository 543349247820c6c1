# Kontor: `make demo` runs the product, `make test` runs every check. Both set up
# everything they need on a fresh machine with Python 3.11+ and the package registries.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DIR ?= demo-data
DEMO_PEOPLE ?= 300
DEMO_PORT ?= 8470

.PHONY: setup demo demo-sites test lint bench clean package package-test slow-test mutation-test mutation-tool

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

# The suite runs one test file per worker, as many workers as cores (TEST_WORKERS=1 for
# one process): files start their own servers, ports, displays and directories.
TEST_WORKERS ?= auto

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider \
		-n $(TEST_WORKERS) --dist loadfile
	$(MAKE) package-test

# The desktop bundle (PyInstaller, one folder) and its .deb, in build/package/.
package: setup
	bash packaging/build-bundle.sh
	bash packaging/linux/build-deb.sh

# Build the wheel, the bundle, the .deb and the .msi and install them as IT would:
# the wheel in a fresh venv, the .deb with apt in a clean Debian 12 root (cached in
# ~/.cache/kontor/), the .msi's tables read with msitools. Needs root (or sudo).
package-test: setup
	bash packaging/ensure-package-tools.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider -m package

# Long runs of the generated API tests (docs/reliability.md), and the mutations of the
# sign-in slow-down and the federation signature rules that the tests must catch.
slow-test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider -m slow

mutation-test: setup
	$(BIN)/python scripts/mutations.py

# Every mutation cosmic-ray makes in the rule modules (numbers and headers, texts, who
# may post, the sign-in slow-down, federation signatures) against their unit tests; a
# long run (docs/reliability.md has its figures), so not part of `make test`.
mutation-tool: setup
	$(BIN)/python scripts/mutation_tool.py --jobs 2

# Every benchmark at its documented size (docs/performance.md), one after the other:
# about two hours on 2 cores. Each prints its figures against a baseline of the same run.
BENCH_DIR ?= build/bench

bench: setup
	rm -rf $(BENCH_DIR) && mkdir -p $(BENCH_DIR)
	$(BIN)/python bench/server_feed.py
	$(BIN)/python bench/write_path.py
	$(BIN)/python bench/initial_sync.py --workdir $(BENCH_DIR)/initial --keep
	$(BIN)/python bench/integrity_check.py $(BENCH_DIR)/initial/profile
	$(BIN)/python bench/desktop_start.py
	$(BIN)/python bench/organisation.py
	$(BIN)/python bench/hubs.py
	$(BIN)/python bench/federation.py --quick
	$(BIN)/python bench/server_backup.py
	$(BIN)/python bench/directory_sync.py
	$(BIN)/python bench/load.py --minutes 1

clean:
	rm -rf $(VENV) $(DEMO_DIR) build dist *.egg-info

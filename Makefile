# The two commands a newcomer needs: `make serve` and `make test`. Everything else is a step of theirs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# Material prints an end-of-life banner on every build; the README notes the plan instead.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build build-zensical render validate validate-strict permalinks check-links lint format test chromium \
	clean bench lock
# The site's own Python package, for the generators' Markdown extension (vpguide/mdext.py).
export PYTHONPATH := $(CURDIR)
ZVENV := .venv-zensical

# The venv's own pip is used as it comes: upgrading it would be the one download without a locked hash.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the pins change. Every package is checked against its hash in the lock file: a download
# that differs from the one locked stops the install.
$(VENV)/.site-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-test.txt $(VENV)/.site-installed $(ZVENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r requirements-test.txt
	touch $@

# Zensical in a virtual environment of its own, locked with hashes like the rest.
$(ZVENV)/.installed: requirements-zensical.txt
	test -x $(ZVENV)/bin/python || $(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/pip install --quiet --require-hashes -r requirements-zensical.txt
	touch $@

LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	--no-emit-trusted-host

## lock: after editing requirements.in or requirements-test.in, compile the lock files with every hash
## (pip-tools in its own .venv-lock; pins already in the lock files are kept unless the .in files change them)
lock:
	test -x .venv-lock/bin/pip-compile || { $(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet pip-tools==7.6.2; }
	.venv-lock/bin/pip-compile $(LOCK_FLAGS) --output-file requirements.txt requirements.in
	.venv-lock/bin/pip-compile $(LOCK_FLAGS) --output-file requirements-test.txt requirements-test.in
	.venv-lock/bin/pip-compile $(LOCK_FLAGS) --output-file requirements-zensical.txt requirements-zensical.in

## serve: build the site and serve it on http://$(HOST), rebuilding on every change to data/, docs/, templates or code
serve: $(VENV)/.site-installed
	$(BIN)/python -m vpguide serve --dev-addr $(HOST)

## render: the generators' source in build/ (pages, downloads, overrides, build/mkdocs.yml and build/zensical.yml)
render: $(VENV)/.site-installed
	$(BIN)/python -m vpguide render build

## build: render, the strict MkDocs + Material build into site/, then the Content-Security-Policy
build: $(VENV)/.site-installed
	$(BIN)/python -m vpguide build --generator mkdocs --site-dir site

## build-zensical: the same with Zensical (its own .venv-zensical) into build/site-zensical/
build-zensical: $(VENV)/.site-installed $(ZVENV)/.installed
	$(BIN)/python -m vpguide build --generator zensical

## validate: check data/ against its schemas and cross-references
validate: $(VENV)/.site-installed
	$(BIN)/python -m vpguide validate

## validate-strict: also fail when a reference or jurisdiction was last checked over 12 months ago
validate-strict: $(VENV)/.site-installed
	$(BIN)/python -m vpguide validate --strict

## permalinks: after a deliberate addition, record the new pages, anchors and downloads in permalinks.txt
permalinks: $(VENV)/.site-installed
	$(BIN)/python -m vpguide build --out .permalinks-build --site-dir .permalinks-build/site >/dev/null
	$(BIN)/python tools/permalinks.py .permalinks-build/site --update
	rm -rf .permalinks-build

## check-links: check that every external address the site cites still answers (needs the internet)
check-links: $(VENV)/.site-installed
	$(BIN)/python tools/check_links.py

## bench: build time and memory with MkDocs and Zensical beside plain Material, scale (5x), page weight,
## interaction and Lighthouse, on this machine (about 10 minutes; bench/README.md). BENCH_RUNS=5 builds each.
bench: $(VENV)/.test-installed chromium bench/node_modules/.installed
	$(BIN)/python bench/bench.py

# Lighthouse for the benchmark, the whole tree pinned in bench/package-lock.json; reinstalled when it changes.
bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	touch $@

## chromium: Debian's Chromium for the browser tests (installed when missing and we are root)
chromium:
	@if [ -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "The browser tests need Chromium: run 'sudo apt-get install chromium' and try again." >&2; exit 1; \
	fi

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/zizmor --offline --quiet .github

format: $(VENV)/.test-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## test: everything CI runs: lint, data validation, the strict build and all tests (browser included)
# The tests in a process per core (pytest-xdist); a module whose tests share one costly fixture is marked
# to run in one process (`xdist_group`).
test: $(VENV)/.test-installed chromium lint validate
	node --test tests/js/
	$(BIN)/python -m pytest -n auto --dist loadgroup

clean:
	rm -rf site build .pytest_cache

# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo demo-reset test check lint typecheck contracts bench bench-smoke clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## open the app on the demo workspace in ./demo-home (built the first time; your edits are kept)
	test -f $(CURDIR)/demo-home/config.json || BATON_HOME=$(CURDIR)/demo-home $(BIN)/baton demo
	BATON_HOME=$(CURDIR)/demo-home $(BIN)/baton

demo-reset: $(STAMP)  ## build the demo workspace afresh (your demo edits are replaced), then open the app
	BATON_HOME=$(CURDIR)/demo-home $(BIN)/baton demo --reset
	BATON_HOME=$(CURDIR)/demo-home $(BIN)/baton

test: $(STAMP)  ## run every test
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -p no:cacheprovider  # compiled modules kept: each `baton` process a test starts reuses them

check: lint typecheck contracts test  ## everything a reviewer would check: format, lint, types, layers, tests

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

# mypy reads the `baton.*` packages through links that mirror the package-dir mapping in pyproject.toml.
typecheck: $(STAMP)
	@mkdir -p .mypy-path/baton && for p in core sync tui checklists; do ln -sfn ../../$$p .mypy-path/baton/$$p; done
	$(BIN)/mypy -p baton.core -p baton.sync -p baton.tui

contracts: $(STAMP)
	$(BIN)/lint-imports

bench: $(STAMP)  ## measure baton side by side with the alternatives
	$(BIN)/python -m bench

bench-smoke: $(STAMP)
	$(BIN)/python -m bench --smoke

clean:
	rm -rf $(VENV) .venv-ci-* demo-home bench/out .mypy-path .mypy_cache .ruff_cache

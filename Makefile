# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test check bench bench-smoke clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## build a demo workspace in ./demo-home and open the app on it
	BATON_HOME=$(CURDIR)/demo-home $(BIN)/baton demo --reset
	BATON_HOME=$(CURDIR)/demo-home $(BIN)/baton

test: $(STAMP)  ## run every test
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(STAMP)  ## measure baton side by side with the alternatives
	$(BIN)/python -m bench

bench-smoke: $(STAMP)
	$(BIN)/python -m bench --smoke

clean:
	rm -rf $(VENV) demo-home bench/out

# monitoring-as-code: the commands a user runs in a monitoring repo.
# `make build` and `make test` work on a fresh machine: they create .venv and install what they need.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MAC := $(BIN)/mac
ENV_FLAG := $(if $(ENV),--env $(ENV),)
# The environments of setup.cfg ([monitoring_as_code:<env>] sections).
ENVIRONMENTS ?= $(shell sed -n 's/^\[monitoring_as_code:\(.*\)\]$$/\1/p' setup.cfg)

.PHONY: help install install-test tools build check test publish diff bench lint clean

help:
	@echo "make build    compile and check every definition into build/"
	@echo "make check    check definitions (fast, no promtool needed)"
	@echo "make test     install test needs (incl. promtool, amtool) and run the whole suite"
	@echo "make diff     show what publishing would change in Grafana"
	@echo "make publish  publish dashboards to Grafana (GRAFANA_URL, GRAFANA_TOKEN)"
	@echo "make bench    run the benchmarks in bench/"
	@echo "Set ENV=staging|production to pick an environment."

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed setup.cfg
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

tools:
	@sh scripts/install-tools.sh

build: install
	$(MAC) build $(ENV_FLAG)
	@# Without ENV, also build every environment of setup.cfg into build/<env>/.
	@$(if $(ENV),true,set -e; for env in $(ENVIRONMENTS); do echo "$(MAC) build --env $$env"; $(MAC) build --env $$env; done)

check: install
	$(MAC) check $(ENV_FLAG)

test: install-test tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

diff: install
	$(MAC) diff $(ENV_FLAG)

publish: install
	$(MAC) publish $(ENV_FLAG)

bench: install-test tools
	$(BIN)/python bench/run.py

lint: install-test
	$(BIN)/python -m ruff check monitoring_as_code tests
	$(BIN)/python -m mypy monitoring_as_code

clean:
	rm -rf build .mac-cache
